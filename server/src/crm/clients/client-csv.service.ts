import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validate, ValidationError } from 'class-validator';
import { DataSource, In } from 'typeorm';
import { AuthUser } from '#server/auth/auth-user';
import { AccessPolicy } from '#server/common/access/access-policy.service';
import { DomainException } from '#server/common/errors/domain-exception';
import { paginate } from '#server/common/pagination';
import { User } from '#server/users/user.entity';
import { ClientFilterQuery, CreateClientDto } from './client.dto';
import { ClientStatusDefinition } from './client-status.entity';
import {
  clientsToCsv,
  CsvColumn,
  CsvRowError,
  parseClientsCsv,
  recordToClientFields,
} from './client-csv';
import { createClients, DEFAULT_CLIENT_STATUS, NewClient } from './client-operations';
import { ClientsService } from './clients.service';

export interface ImportReport {
  dryRun: boolean;
  /** Data rows in the file. */
  total: number;
  valid: number;
  created: number;
  errors: CsvRowError[];
}

const EXPORT_BATCH = 1000;

/** What checking a row needs beyond the row, loaded once per file. */
interface RowContext {
  statusKeys: Set<string>;
  owners: Map<string, User>;
  /** Whether the caller may give clients to a user, by user id, as the policy answered. */
  mayAssign: Map<string, boolean>;
}

@Injectable()
export class ClientCsvService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessPolicy,
    private readonly clients: ClientsService,
  ) {}

  /**
   * Checks every row like `POST /clients` would; writes the valid rows in one transaction unless
   * this is a dry run or a row failed without `skipInvalid`.
   */
  async import(
    text: string,
    options: { dryRun: boolean; skipInvalid: boolean },
    caller: AuthUser,
  ): Promise<ImportReport> {
    // Someone who may own no clients at all (an analyst) learns it before the file is read.
    await this.access.assertMayAssign(caller, caller.id);
    const { total, records, errors } = parseClientsCsv(text);
    const rows = records.map((record) => ({
      row: record.row,
      ...recordToClientFields(record.values),
    }));
    const [statuses, owners] = await Promise.all([
      this.dataSource.manager.find(ClientStatusDefinition),
      this.ownersByEmail(rows.map((row) => row.ownerEmail)),
    ]);
    const context: RowContext = {
      statusKeys: new Set(statuses.map((status) => status.key)),
      owners,
      mayAssign: new Map(),
    };
    const drafts: NewClient[] = [];
    for (const row of rows) {
      const checked = await this.checkRow(row, context, caller);
      if (checked.errors.length) errors.push(...checked.errors);
      else drafts.push(checked.draft);
    }
    errors.sort((a, b) => a.row - b.row);
    const report = {
      dryRun: options.dryRun,
      total,
      valid: drafts.length,
      created: 0,
      errors,
    };
    if (options.dryRun || drafts.length === 0 || (errors.length && !options.skipInvalid)) {
      return report;
    }
    const created = await this.dataSource.transaction((manager) =>
      createClients(manager, { userId: caller.id }, drafts),
    );
    return { ...report, created: created.length };
  }

  /**
   * The clients matching the filters that the caller may read, as CSV, read in keyset batches
   * so a large export never sits in memory whole. The query is built before the first byte goes
   * out, so a refused request still gets a proper error response.
   */
  async export(filters: ClientFilterQuery, caller: AuthUser): Promise<AsyncIterable<string>> {
    const base = await this.clients.filteredQuery(filters, caller);
    const clients = this.clients;
    return (async function* () {
      let cursor: string | undefined;
      let first = true;
      do {
        const page = await paginate(
          base.clone(),
          { limit: EXPORT_BATCH, cursor },
          {
            sortColumn: 'client.name',
            idColumn: 'client.id',
            sortKey: (client) => client.name,
          },
        );
        const owners = await clients.ownerEmails([
          ...new Set(page.items.flatMap((client) => (client.ownerId ? [client.ownerId] : []))),
        ]);
        yield clientsToCsv(page.items, owners, first);
        first = false;
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
    })();
  }

  /** The row as a client ready to insert, or every reason it is not. */
  private async checkRow(
    { row, fields, ownerEmail }: ReturnType<typeof recordToClientFields> & { row: number },
    context: RowContext,
    caller: AuthUser,
  ): Promise<{ draft: NewClient; errors: CsvRowError[] }> {
    const dto = plainToInstance(CreateClientDto, fields);
    const violations = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
    const errors = violations.map((violation) => toRowError(row, violation));
    const status = dto.status ?? DEFAULT_CLIENT_STATUS;
    if (!context.statusKeys.has(status)) {
      errors.push({ row, field: 'status', message: `there is no client status "${status}"` });
    }
    let ownerId = caller.id;
    if (ownerEmail !== null) {
      const owner = context.owners.get(ownerEmail);
      if (owner) ownerId = owner.id;
      else {
        errors.push({
          row,
          field: 'owner_email',
          message: `there is no active user ${ownerEmail}`,
        });
      }
    }
    if (!context.mayAssign.has(ownerId)) {
      context.mayAssign.set(ownerId, await this.mayAssign(caller, ownerId));
    }
    if (!context.mayAssign.get(ownerId)) {
      errors.push({
        row,
        field: 'owner_email',
        message: `you may not give clients to ${ownerEmail ?? caller.email}`,
      });
    }
    return { draft: { ...dto, ownerId, status }, errors };
  }

  private async ownersByEmail(emails: (string | null)[]): Promise<Map<string, User>> {
    const wanted = [...new Set(emails.filter((email): email is string => email !== null))];
    if (wanted.length === 0) return new Map();
    const users = await this.dataSource.manager.find(User, {
      where: { email: In(wanted), active: true },
    });
    return new Map(users.map((user) => [user.email, user]));
  }

  private async mayAssign(caller: AuthUser, ownerId: string): Promise<boolean> {
    try {
      await this.access.assertMayAssign(caller, ownerId);
      return true;
    } catch (error) {
      if (error instanceof DomainException) return false;
      throw error;
    }
  }
}

function toRowError(row: number, violation: ValidationError): CsvRowError {
  return {
    row,
    // The row's fields are named like the columns (see recordToClientFields).
    field: violation.property as CsvColumn,
    message: Object.values(violation.constraints ?? {}).join('; '),
  };
}
