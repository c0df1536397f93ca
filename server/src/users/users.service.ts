import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { hash } from 'bcryptjs';
import { DataSource, EntityManager, In, Repository } from 'typeorm';
import { changedFields, recordUserAudit } from '../audit/audit';
import type { AuthUser } from '../auth/auth-user';
import { AccessPolicy } from '../common/access/access-policy.service';
import { userError } from './users.errors';
import { Page, paginate } from '../common/pagination';
import { findOr404, transactionOr409 } from '../common/persistence';
import { Team } from '../teams/team.entity';
import { authRecheckMs, SignedInUsers } from './signed-in-users';
import { CreateUserDto, ListUsersQuery, UpdateUserDto } from './user.dto';
import { Role, User } from './user.entity';

/** The same cost the demo seed uses; login compares with bcryptjs. */
export const PASSWORD_HASH_ROUNDS = 10;

/** What any signed-in user may see of a colleague, e.g. in an assignee picker. */
export interface UserSummary {
  id: string;
  name: string;
  email: string;
  roles: Role[];
  teamId: string | null;
}

/** What an admin sees and what the audit log records (never the password hash). */
export interface UserDetails extends UserSummary {
  active: boolean;
  createdAt: Date;
}

const summary = ({ id, name, email, roles, teamId }: User): UserSummary => ({
  id,
  name,
  email,
  roles,
  teamId,
});

const details = (user: User): UserDetails => ({
  ...summary(user),
  active: user.active,
  createdAt: user.createdAt,
});

@Injectable()
export class UsersService {
  private readonly signedIn = new SignedInUsers(async (id) => {
    const rows: Pick<User, 'id' | 'email' | 'roles'>[] = await this.dataSource.query(
      'SELECT id, email, roles FROM users WHERE id = $1 AND active',
      [id],
    );
    return rows[0] ? { id: rows[0].id, email: rows[0].email, roles: rows[0].roles } : null;
  }, authRecheckMs());

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessPolicy,
  ) {}

  findById(id: string): Promise<User | null> {
    return this.users.findOneBy({ id });
  }

  /**
   * The active user behind a bearer token, as read at most FLOWCARD_AUTH_RECHECK_MS ago (see
   * `SignedInUsers`); null when they do not exist or were deactivated.
   */
  findSignedIn(id: string): Promise<AuthUser | null> {
    return this.signedIn.active(id);
  }

  /** The active users among `ids` (one indexed query, for re-checking live connections). */
  findActive(ids: string[]): Promise<User[]> {
    return this.users.findBy({ id: In(ids), active: true });
  }

  /** With the password hash, which is otherwise never selected. */
  findForLogin(email: string): Promise<User | null> {
    return this.users
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .where('user.email = :email', { email: email.toLowerCase() })
      .getOne();
  }

  async list(query: ListUsersQuery, caller: AuthUser): Promise<Page<UserSummary>> {
    const users = this.users
      .createQueryBuilder('user')
      .where('user.active = :active', { active: query.active ?? true });
    if (query.q) {
      users.andWhere('(user.name ILIKE :pattern OR user.email ILIKE :pattern)', {
        pattern: `%${query.q.replace(/[\\%_]/g, '\\$&')}%`,
      });
    }
    if (query.role) users.andWhere(':role = ANY(user.roles)', { role: query.role });
    if (query.teamId) users.andWhere('user.team_id = :teamId', { teamId: query.teamId });
    if (query.readable) await this.access.scope(users, caller, 'user.id');
    const page = await paginate(users, query, {
      sortColumn: 'user.name',
      idColumn: 'user.id',
      sortKey: (user) => user.name,
    });
    return { items: page.items.map(summary), nextCursor: page.nextCursor };
  }

  async get(id: string): Promise<UserDetails> {
    return details(await findOr404(this.dataSource.manager, User, 'User', id));
  }

  async create(dto: CreateUserDto, caller: AuthUser): Promise<UserDetails> {
    const passwordHash = await hash(dto.password, PASSWORD_HASH_ROUNDS);
    return this.writing(async (manager) => {
      if (dto.teamId) await assertTeamExists(manager, dto.teamId);
      const user = await manager.save(
        manager.create(User, {
          email: dto.email,
          name: dto.name,
          roles: dto.roles,
          teamId: dto.teamId ?? null,
          passwordHash,
        }),
      );
      const created = details(user);
      await recordUserAudit(manager, caller, [
        { entityType: 'user', entityId: user.id, action: 'create', after: created },
      ]);
      return created;
    });
  }

  async update(id: string, dto: UpdateUserDto, caller: AuthUser): Promise<UserDetails> {
    if (id === caller.id && (dto.active === false || (dto.roles && !dto.roles.includes('admin')))) {
      throw userError(
        'SELF_LOCKOUT',
        'You may not deactivate yourself or take away your own admin role',
      );
    }
    const passwordHash = dto.password ? await hash(dto.password, PASSWORD_HASH_ROUNDS) : undefined;
    const updated = await this.writing(async (manager) => {
      const user = await findOr404(manager, User, 'User', id, 'pessimistic_write');
      if (dto.teamId) await assertTeamExists(manager, dto.teamId);
      const before = details(user);
      const { password: _password, ...fields } = dto;
      Object.assign(user, definedOnly(fields), passwordHash ? { passwordHash } : {});
      const saved = await manager.save(user);
      const after = details(saved);
      const changes = changedFields(before, after);
      if (Object.keys(changes.after).length > 0 || passwordHash) {
        await recordUserAudit(manager, caller, [
          {
            entityType: 'user',
            entityId: id,
            action: 'update',
            before: changes.before,
            after: passwordHash ? { ...changes.after, passwordChanged: true } : changes.after,
          },
        ]);
      }
      return after;
    });
    // After the commit: a request reading the user from now on sees the change.
    this.signedIn.forget(id);
    return updated;
  }

  /** A transaction whose clash with another user's email answers 409. */
  private writing<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return transactionOr409(
      this.dataSource,
      () => userError('EMAIL_TAKEN', 'Another user already has this email'),
      work,
    );
  }
}

/** The fields the request gave (a DTO may carry the others as undefined). */
function definedOnly<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}

async function assertTeamExists(manager: EntityManager, teamId: string): Promise<void> {
  if (!(await manager.existsBy(Team, { id: teamId }))) {
    throw userError('UNKNOWN_TEAM', `Team ${teamId} does not exist`);
  }
}
