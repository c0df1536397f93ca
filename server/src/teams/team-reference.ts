import { EntityManager } from 'typeorm';
import { Team } from './team.entity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The id of the team a diagram or a process step names by its name or id, or null when there
 * is none: how processes name teams (a user task's candidate team).
 */
export async function findTeamId(
  manager: EntityManager,
  reference: string,
): Promise<string | null> {
  const team = await manager.findOne(Team, {
    where: UUID.test(reference) ? [{ id: reference }, { name: reference }] : { name: reference },
    select: { id: true },
  });
  return team?.id ?? null;
}
