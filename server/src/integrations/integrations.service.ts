import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { changedFields, recordUserAudit } from '../audit/audit';
import type { AuthUser } from '../auth/auth-user';
import { notFound } from '../common/errors/common.errors';
import { Page } from '../common/pagination';
import { User } from '../users/user.entity';
import { userError } from '../users/users.errors';
import { UpdateIntegrationDto } from './integration.dto';
import { Integration, IntegrationKey, INTEGRATION_KEYS } from './integration.entity';
import { randomIntegrationSecret } from './seed-integrations';

/** The settings of the inbound integrations; secrets are shown only when rotated. */
@Injectable()
export class IntegrationsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(): Promise<Page<Integration>> {
    const items = await this.dataSource.manager.find(Integration, { order: { key: 'ASC' } });
    return { items, nextCursor: null };
  }

  update(key: string, dto: UpdateIntegrationDto, caller: AuthUser): Promise<Integration> {
    return this.dataSource.transaction(async (manager) => {
      const integration = await lock(manager, knownKey(key));
      // Clients are owned by active users only, as `POST /clients` requires.
      if (
        dto.defaultOwnerId &&
        !(await manager.existsBy(User, { id: dto.defaultOwnerId, active: true }))
      ) {
        throw userError('UNKNOWN_USER', `There is no active user ${dto.defaultOwnerId}`);
      }
      const before = { enabled: integration.enabled, defaultOwnerId: integration.defaultOwnerId };
      const after = {
        enabled: dto.enabled ?? before.enabled,
        defaultOwnerId:
          dto.defaultOwnerId === undefined ? before.defaultOwnerId : dto.defaultOwnerId,
      };
      const changes = changedFields(before, after);
      if (Object.keys(changes.after).length > 0) {
        await manager.update(Integration, { key }, after);
        await recordUserAudit(manager, caller, [
          {
            entityType: 'integration',
            entityId: key,
            action: 'update',
            ...changes,
          },
        ]);
      }
      return Object.assign(integration, after);
    });
  }

  /** A new random secret, returned this once; the old one stops working at once. */
  rotate(key: string, caller: AuthUser): Promise<{ key: string; secret: string }> {
    const integrationKey = knownKey(key);
    const secret = randomIntegrationSecret();
    return this.dataSource.transaction(async (manager) => {
      await manager.upsert(Integration, { key: integrationKey, secret }, ['key']);
      await recordUserAudit(manager, caller, [
        {
          entityType: 'integration',
          entityId: integrationKey,
          action: 'update',
          // Never the secret itself: the audit log is readable by more people than the secret.
          after: { secretRotated: true },
        },
      ]);
      return { key: integrationKey, secret };
    });
  }
}

function knownKey(key: string): IntegrationKey {
  if (!(INTEGRATION_KEYS as readonly string[]).includes(key)) throw notFound('Integration', key);
  return key as IntegrationKey;
}

async function lock(manager: EntityManager, key: IntegrationKey): Promise<Integration> {
  const integration = await manager.findOne(Integration, {
    where: { key },
    lock: { mode: 'pessimistic_write' },
  });
  if (!integration) throw notFound('Integration', key);
  return integration;
}
