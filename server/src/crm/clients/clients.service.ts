import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { recordUserAudit } from '#server/audit/audit';
import { AuthUser } from '#server/auth/auth-user';
import { AccessPolicy } from '#server/common/access/access-policy.service';
import { clientError } from './clients.errors';
import { Page, PageQuery, paginate } from '#server/common/pagination';
import { entityFromJson, findOr404 } from '#server/common/persistence';
import { notFound } from '#server/common/errors/common.errors';
import { ProcessInstance } from '#server/processes/instances/process-instance.entity';
import { User } from '#server/users/user.entity';
import {
  ChangeClientStatusDto,
  ClientFilterQuery,
  ClientSort,
  CreateClientDto,
  ListClientsQuery,
  UpdateClientDto,
} from './client.dto';
import { Client } from './client.entity';
import { changeClientStatus, ClientChanges, createClient, updateClient } from './client-operations';

/** A client as shown on its own: the owner's name beside the id. */
export type ClientProfile = Omit<Client, 'owner'> & {
  owner: { id: string; name: string; email: string } | null;
};

const SORTS: Record<ClientSort, { column: string; key: (client: Client) => unknown }> = {
  name: { column: 'client.name', key: (client) => client.name },
  createdAt: { column: 'client.created_at', key: (client) => client.createdAt },
  updatedAt: { column: 'client.updated_at', key: (client) => client.updatedAt },
};

/** The fields a PATCH may change. */
const UPDATABLE_FIELDS = [
  'name',
  'companyId',
  'emails',
  'phones',
  'address',
  'source',
  'tags',
  'ownerId',
  'custom',
] as const satisfies readonly (keyof UpdateClientDto & keyof Client)[];

@Injectable()
export class ClientsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessPolicy,
  ) {}

  async create(dto: CreateClientDto, caller: AuthUser): Promise<ClientProfile> {
    const ownerId = dto.ownerId ?? caller.id;
    await this.access.assertMayAssign(caller, ownerId);
    const { client, owner } = await this.dataSource.transaction(async (manager) => {
      // The company must be one the caller can see; the operation checks it is a company.
      if (dto.companyId) await this.find(dto.companyId, caller, manager);
      return createClient(manager, { userId: caller.id }, { ...dto, ownerId });
    });
    return { ...client, owner };
  }

  async list(query: ListClientsQuery, caller: AuthUser): Promise<Page<Client>> {
    const sort = SORTS[query.sort ?? 'name'];
    return paginate(await this.filteredQuery(query, caller), query, {
      sortColumn: sort.column,
      idColumn: 'client.id',
      sortKey: sort.key,
    });
  }

  /** The clients matching the filters that the caller may read; deleted ones never match. */
  async filteredQuery(
    filters: ClientFilterQuery,
    caller: AuthUser,
  ): Promise<SelectQueryBuilder<Client>> {
    const query = this.dataSource.manager.createQueryBuilder(Client, 'client');
    if (filters.status) query.andWhere('client.status = :status', { status: filters.status });
    if (filters.kind) query.andWhere('client.kind = :kind', { kind: filters.kind });
    if (filters.ownerId) {
      query.andWhere('client.owner_id = :ownerId', {
        ownerId: filters.ownerId === 'me' ? caller.id : filters.ownerId,
      });
    }
    if (filters.tag) query.andWhere('client.tags @> ARRAY[:tag]::text[]', { tag: filters.tag });
    if (filters.companyId) {
      query.andWhere('client.company_id = :companyId', { companyId: filters.companyId });
    }
    if (filters.q) {
      query.andWhere('client.name ILIKE :pattern', { pattern: `%${escapeLike(filters.q)}%` });
    }
    return this.access.scope(query, caller, 'client.owner_id');
  }

  /** The client, 404 unless the caller may read it. */
  async find(id: string, caller: AuthUser, manager = this.dataSource.manager): Promise<Client> {
    const client = await findOr404(manager, Client, 'Client', id);
    await this.access.assertReadable(caller, client.ownerId, 'Client', id, manager);
    return client;
  }

  /**
   * The client a deal, an activity or a process instance is being added to, inside the
   * transaction that adds it: share-locked until the commit, so a concurrent delete either waits
   * and then sees the new record, or committed first and the client is not found. 404 unless the
   * caller may read it; with `need: 'write'`, 403 unless they may also change it.
   */
  async lockForNewRecord(
    manager: EntityManager,
    id: string,
    caller: AuthUser,
    need: 'read' | 'write',
  ): Promise<Client> {
    // Plain SQL on this hot path (every start, deal and activity on a client): no query building.
    const [row]: { client: Record<string, unknown> }[] = await manager.query(
      `SELECT to_jsonb(client) AS client FROM clients client
        WHERE client.id = $1 AND client.deleted_at IS NULL FOR SHARE`,
      [id],
    );
    if (!row) throw notFound('Client', id);
    const client = entityFromJson(manager, Client, row.client);
    if (need === 'write') {
      await this.access.assertWritable(caller, client.ownerId, 'Client', id, manager);
    } else {
      await this.access.assertReadable(caller, client.ownerId, 'Client', id, manager);
    }
    return client;
  }

  async get(id: string, caller: AuthUser): Promise<ClientProfile> {
    return this.withOwner(await this.find(id, caller));
  }

  /** The people working for a company, as far as the caller may read them. */
  async contacts(id: string, query: PageQuery, caller: AuthUser): Promise<Page<Client>> {
    await this.find(id, caller);
    return paginate(await this.filteredQuery({ companyId: id }, caller), query, {
      sortColumn: 'client.name',
      idColumn: 'client.id',
      sortKey: (client) => client.name,
    });
  }

  async update(id: string, dto: UpdateClientDto, caller: AuthUser): Promise<ClientProfile> {
    const client = await this.dataSource.transaction(async (manager) => {
      const client = await this.lockWritable(manager, id, caller);
      if (dto.ownerId !== undefined && dto.ownerId !== client.ownerId) {
        await this.access.assertMayAssign(caller, dto.ownerId, manager);
      }
      // The company must be one the caller can see; the operation checks it is a company.
      if (dto.companyId) await this.find(dto.companyId, caller, manager);
      return updateClient(
        manager,
        { userId: caller.id },
        {
          clientId: id,
          changes: pickUpdatable(dto),
        },
      );
    });
    return this.withOwner(client);
  }

  /** Soft delete: the row stays for the history of its activities, deals and processes. */
  async remove(id: string, caller: AuthUser): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const client = await this.lockWritable(manager, id, caller);
      // A running process would fail on its next step that touches the card.
      if (
        await manager.existsBy(ProcessInstance, {
          clientId: id,
          status: In(['starting', 'running']),
        })
      ) {
        throw clientError(
          'CLIENT_HAS_RUNNING_PROCESSES',
          `Client ${id} has running process instances; cancel them first`,
        );
      }
      await manager.softDelete(Client, { id });
      await recordUserAudit(manager, caller, [
        { entityType: 'client', entityId: id, action: 'delete', before: client },
      ]);
    });
  }

  /** Moves the client along the lifecycle; a move the lifecycle does not list is refused. */
  async changeStatus(
    id: string,
    dto: ChangeClientStatusDto,
    caller: AuthUser,
  ): Promise<ClientProfile> {
    const { client } = await this.dataSource.transaction(async (manager) => {
      await this.lockWritable(manager, id, caller);
      return changeClientStatus(
        manager,
        { userId: caller.id },
        {
          clientId: id,
          status: dto.status,
          comment: dto.comment,
        },
      );
    });
    return this.withOwner(client);
  }

  async withOwner(client: Client): Promise<ClientProfile> {
    const owner = client.ownerId
      ? await this.dataSource.manager.findOne(User, {
          where: { id: client.ownerId },
          select: { id: true, name: true, email: true },
        })
      : null;
    return { ...client, owner };
  }

  /** Owners' emails by user id, for the CSV export. */
  async ownerEmails(ownerIds: string[]): Promise<Map<string, string>> {
    const users = ownerIds.length
      ? await this.dataSource.manager.find(User, {
          where: { id: In(ownerIds) },
          select: { id: true, email: true },
        })
      : [];
    return new Map(users.map((user) => [user.id, user.email]));
  }

  /** Locks the row for the rest of the transaction: 404 unless readable, 403 unless writable. */
  private async lockWritable(manager: EntityManager, id: string, caller: AuthUser) {
    const client = await findOr404(manager, Client, 'Client', id, 'pessimistic_write');
    await this.access.assertWritable(caller, client.ownerId, 'Client', id, manager);
    return client;
  }
}

function pickUpdatable(source: UpdateClientDto): ClientChanges {
  const picked: ClientChanges = {};
  for (const field of UPDATABLE_FIELDS) {
    if (source[field] !== undefined) Object.assign(picked, { [field]: source[field] });
  }
  return picked;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
