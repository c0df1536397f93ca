import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { recordUserAudit, saveAudited } from '../audit/audit';
import type { AuthUser } from '../auth/auth-user';
import { teamError } from './teams.errors';
import { Page, paginate } from '../common/pagination';
import { findOr404, transactionOr409 } from '../common/persistence';
import { User } from '../users/user.entity';
import { CreateTeamDto, ListTeamsQuery, UpdateTeamDto } from './team.dto';
import { Team } from './team.entity';

export interface TeamView {
  id: string;
  name: string;
  /** Who oversees the team (table team_supervisors). */
  supervisorIds: string[];
  /** Who works in it (users.team_id). */
  memberIds: string[];
  createdAt: Date;
}

@Injectable()
export class TeamsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(query: ListTeamsQuery): Promise<Page<TeamView>> {
    const manager = this.dataSource.manager;
    const page = await paginate(manager.createQueryBuilder(Team, 'team'), query, {
      sortColumn: 'team.name',
      idColumn: 'team.id',
      sortKey: (team) => team.name,
    });
    return { items: await views(manager, page.items), nextCursor: page.nextCursor };
  }

  async get(id: string): Promise<TeamView> {
    const manager = this.dataSource.manager;
    const team = await findOr404(manager, Team, 'Team', id);
    return (await views(manager, [team]))[0];
  }

  create(dto: CreateTeamDto, caller: AuthUser): Promise<TeamView> {
    return this.writing(async (manager) => {
      const team = await manager.save(manager.create(Team, { name: dto.name }));
      const [created] = await views(manager, [team]);
      await recordUserAudit(manager, caller, [
        { entityType: 'team', entityId: team.id, action: 'create', after: created },
      ]);
      return created;
    });
  }

  update(id: string, dto: UpdateTeamDto, caller: AuthUser): Promise<TeamView> {
    return this.writing(async (manager) => {
      const team = await lockTeam(manager, id);
      const saved = await saveAudited(
        manager,
        Team,
        'team',
        team,
        { ...team, name: dto.name },
        caller,
      );
      return (await views(manager, [saved]))[0];
    });
  }

  /** Replaces the team's supervisors; each must be an active user with the supervisor role. */
  setSupervisors(id: string, userIds: string[], caller: AuthUser): Promise<TeamView> {
    return this.writing(async (manager) => {
      const team = await lockTeam(manager, id);
      const supervisors = userIds.length
        ? await manager.findBy(User, { id: In(userIds), active: true })
        : [];
      const refused = userIds.filter(
        (userId) =>
          !supervisors.some((user) => user.id === userId && user.roles.includes('supervisor')),
      );
      if (refused.length > 0) {
        throw teamError(
          'NOT_A_SUPERVISOR',
          'Every user id must be an active user with the supervisor role',
          refused.map((userId) => ({ userId })),
        );
      }
      const [before] = await views(manager, [team]);
      await manager.query(`DELETE FROM team_supervisors WHERE team_id = $1`, [id]);
      if (userIds.length > 0) {
        await manager.query(
          `INSERT INTO team_supervisors (team_id, user_id) SELECT $1, unnest($2::uuid[])`,
          [id, userIds],
        );
      }
      const [after] = await views(manager, [team]);
      await recordUserAudit(manager, caller, [
        {
          entityType: 'team',
          entityId: id,
          action: 'update',
          before: { supervisorIds: before.supervisorIds },
          after: { supervisorIds: after.supervisorIds },
        },
      ]);
      return after;
    });
  }

  /** A transaction whose clash with another team's name answers 409. */
  private writing<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return transactionOr409(
      this.dataSource,
      () => teamError('TEAM_NAME_TAKEN', 'Another team already has this name'),
      work,
    );
  }
}

function lockTeam(manager: EntityManager, id: string): Promise<Team> {
  return findOr404(manager, Team, 'Team', id, 'pessimistic_write');
}

/** The teams with their supervisors and members, in two queries for the whole page. */
async function views(manager: EntityManager, teams: Team[]): Promise<TeamView[]> {
  if (teams.length === 0) return [];
  const ids = teams.map((team) => team.id);
  const [supervisors, members]: { team_id: string; user_id: string }[][] = await Promise.all([
    manager.query(
      `SELECT team_id, user_id FROM team_supervisors WHERE team_id = ANY($1) ORDER BY user_id`,
      [ids],
    ),
    manager.query(
      `SELECT team_id, id AS user_id FROM users WHERE team_id = ANY($1) ORDER BY name, id`,
      [ids],
    ),
  ]);
  const of = (rows: { team_id: string; user_id: string }[], teamId: string) =>
    rows.filter((row) => row.team_id === teamId).map((row) => row.user_id);
  return teams.map((team) => ({
    id: team.id,
    name: team.name,
    supervisorIds: of(supervisors, team.id),
    memberIds: of(members, team.id),
    createdAt: team.createdAt,
  }));
}
