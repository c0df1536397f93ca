import { EntityManager } from 'typeorm';
import { User } from './user.entity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The id of the active user a diagram or a process step names by id or by email, or null when
 * there is none: how processes name people (an owner, an assignee).
 */
export async function findActiveUserId(
  manager: EntityManager,
  reference: string,
): Promise<string | null> {
  const user = await manager.findOne(User, {
    where: UUID.test(reference)
      ? { id: reference, active: true }
      : { email: reference.toLowerCase(), active: true },
    select: { id: true },
  });
  return user?.id ?? null;
}
