import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { forbidden } from '../common/errors/common.errors';
import { UsersService } from '../users/users.service';
import type { Role } from '../users/user.entity';
import { AuthUser, IS_PUBLIC, REQUIRED_ROLES } from './auth-user';
import { authError } from './auth.errors';
import { VerifiedTokens } from './verified-tokens';

/** Every endpoint needs a valid bearer token unless marked @Public(); @Roles() narrows it. */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly tokens: VerifiedTokens;

  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly users: UsersService,
  ) {
    this.tokens = new VerifiedTokens((token) => this.jwt.verifyAsync(token));
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest();
    const user = await this.verify(request.headers.authorization);
    request.user = user;
    const required = this.reflector.getAllAndOverride<Role[]>(REQUIRED_ROLES, targets);
    if (required && !required.some((role) => user.roles.includes(role))) {
      throw forbidden(`This needs one of the roles: ${required.join(', ')}`);
    }
    return true;
  }

  async verify(authorization: string | undefined): Promise<AuthUser> {
    const token = authorization?.match(/^Bearer (.+)$/i)?.[1];
    if (!token) {
      throw authError('UNAUTHORIZED', 'A bearer token is required');
    }
    return this.verifyToken(token);
  }

  /**
   * A valid signature is not enough: the user is read back so that deactivation and role
   * changes take effect long before the token expires: at once when made through this API
   * process, within FLOWCARD_AUTH_RECHECK_MS when made through another (`SignedInUsers`).
   */
  async verifyToken(token: string): Promise<AuthUser> {
    let userId: string;
    try {
      userId = await this.tokens.subject(token);
    } catch {
      throw authError('UNAUTHORIZED', 'The token is invalid or expired');
    }
    const user = await this.users.findSignedIn(userId);
    if (!user) {
      throw authError('USER_DEACTIVATED', 'This user can no longer sign in');
    }
    // A copy: the remembered user is shared by every request of the period.
    return { id: user.id, email: user.email, roles: [...user.roles] };
  }

  /** When a token that passed `verifyToken` expires, in ms since the epoch (null: never). */
  expiresAt(token: string): number | null {
    const exp = this.jwt.decode<{ exp?: unknown } | null>(token)?.exp;
    return typeof exp === 'number' ? exp * 1000 : null;
  }

  /** The users among `ids` who may still sign in, as they are now (roles included). */
  async activeUsers(ids: string[]): Promise<Map<string, AuthUser>> {
    const users = await this.users.findActive(ids);
    return new Map(
      users.map((user) => [user.id, { id: user.id, email: user.email, roles: user.roles }]),
    );
  }
}
