import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { recordUserAudit } from '#server/audit/audit';
import { AuthUser } from '#server/auth/auth-user';
import { notFound } from '#server/common/errors/common.errors';
import { clientError } from './clients.errors';
import { ClientStatusDefinition, ClientStatusTransition } from './client-status.entity';
import { CreateClientStatusDto, StatusTransitionDto } from './client-status.dto';

/** The status lifecycle: which statuses exist and which moves between them are allowed. */
@Injectable()
export class ClientStatusesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list() {
    const manager = this.dataSource.manager;
    const [statuses, transitions] = await Promise.all([
      manager.find(ClientStatusDefinition, { order: { position: 'ASC' } }),
      manager.find(ClientStatusTransition, { order: { fromStatus: 'ASC', toStatus: 'ASC' } }),
    ]);
    return {
      statuses: statuses.map((status) => ({
        ...status,
        allowedTargets: transitions
          .filter((transition) => transition.fromStatus === status.key)
          .map((transition) => transition.toStatus),
      })),
      transitions,
    };
  }

  async createStatus(
    dto: CreateClientStatusDto,
    caller: AuthUser,
  ): Promise<ClientStatusDefinition & { allowedTargets: string[] }> {
    return this.dataSource.transaction(async (manager) => {
      const inserted: ClientStatusDefinition[] = await manager.query(
        `INSERT INTO client_statuses (key, name, position)
         SELECT $1, $2, coalesce(max(position), 0) + 1 FROM client_statuses
         ON CONFLICT (key) DO NOTHING
         RETURNING key, name, position`,
        [dto.key, dto.name],
      );
      if (!inserted.length) {
        throw clientError('STATUS_EXISTS', `There is a client status "${dto.key}" already`);
      }
      const [status] = inserted;
      await recordUserAudit(manager, caller, [
        { entityType: 'client_status', entityId: status.key, action: 'create', after: status },
      ]);
      return { ...status, allowedTargets: [] };
    });
  }

  async addTransition(dto: StatusTransitionDto, caller: AuthUser): Promise<ClientStatusTransition> {
    if (dto.fromStatus === dto.toStatus) {
      throw clientError('TRANSITION_TO_ITSELF', 'A status cannot move to itself');
    }
    return this.dataSource.transaction(async (manager) => {
      await assertClientStatusExists(manager, dto.fromStatus);
      await assertClientStatusExists(manager, dto.toStatus);
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(ClientStatusTransition)
        .values({ fromStatus: dto.fromStatus, toStatus: dto.toStatus })
        .orIgnore()
        .returning('from_status')
        .execute();
      if (inserted.raw.length === 0) {
        throw clientError(
          'TRANSITION_EXISTS',
          `Moving from "${dto.fromStatus}" to "${dto.toStatus}" is already allowed`,
        );
      }
      const transition = { fromStatus: dto.fromStatus, toStatus: dto.toStatus };
      await recordUserAudit(manager, caller, [
        {
          entityType: 'client_status_transition',
          entityId: transitionId(transition),
          action: 'create',
          after: transition,
        },
      ]);
      return transition;
    });
  }

  async removeTransition(fromStatus: string, toStatus: string, caller: AuthUser): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const transition = { fromStatus, toStatus };
      const deleted = await manager.delete(ClientStatusTransition, transition);
      if (!deleted.affected) throw notFound('Status transition', transitionId(transition));
      await recordUserAudit(manager, caller, [
        {
          entityType: 'client_status_transition',
          entityId: transitionId(transition),
          action: 'delete',
          before: transition,
        },
      ]);
    });
  }
}

/** 400 when no such status exists. */
export async function assertClientStatusExists(manager: EntityManager, key: string): Promise<void> {
  if (await manager.existsBy(ClientStatusDefinition, { key })) return;
  const known = await manager.find(ClientStatusDefinition, { order: { position: 'ASC' } });
  throw clientError(
    'UNKNOWN_STATUS',
    `There is no client status "${key}"; the statuses are: ${known.map((s) => s.key).join(', ')}`,
  );
}

/** 400 for an unknown target, 422 when the lifecycle has no move from `from` to `to`. */
export async function assertClientStatusTransition(
  manager: EntityManager,
  from: string,
  to: string,
): Promise<void> {
  const allowed = await manager.find(ClientStatusTransition, {
    where: { fromStatus: from },
    order: { toStatus: 'ASC' },
  });
  // A transition's target is a status (a foreign key): only a refused move needs to look.
  if (allowed.some((transition) => transition.toStatus === to)) return;
  await assertClientStatusExists(manager, to);
  const targets = allowed.map((transition) => transition.toStatus);
  throw clientError(
    'STATUS_TRANSITION_NOT_ALLOWED',
    `A client cannot move from "${from}" to "${to}"; from "${from}" it may move to: ${
      targets.length ? targets.join(', ') : 'nothing'
    }`,
    [{ fromStatus: from, toStatus: to, allowedTargets: targets }],
  );
}

function transitionId(transition: { fromStatus: string; toStatus: string }): string {
  return `${transition.fromStatus}->${transition.toStatus}`;
}
