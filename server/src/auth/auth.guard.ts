import { CanActivate, ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { ApiError } from '../common/api-error';
import type { Role } from '../users/user.entity';
import { AuthUser, IS_PUBLIC, REQUIRED_ROLES } from './auth-user';

/** Every endpoint needs a valid bearer token unless marked @Public(); @Roles() narrows it. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest();
    const user = await this.verify(request.headers.authorization);
    request.user = user;
    const required = this.reflector.getAllAndOverride<Role[]>(REQUIRED_ROLES, targets);
    if (required && !required.some((role) => user.roles.includes(role))) {
      throw new ApiError(
        HttpStatus.FORBIDDEN,
        'FORBIDDEN',
        `This needs one of the roles: ${required.join(', ')}`,
      );
    }
    return true;
  }

  async verify(authorization: string | undefined): Promise<AuthUser> {
    const token = authorization?.match(/^Bearer (.+)$/i)?.[1];
    if (!token) {
      throw new ApiError(HttpStatus.UNAUTHORIZED, 'UNAUTHORIZED', 'A bearer token is required');
    }
    return this.verifyToken(token);
  }

  async verifyToken(token: string): Promise<AuthUser> {
    try {
      const payload = await this.jwt.verifyAsync<{ sub: string; email: string; roles: Role[] }>(
        token,
      );
      return { id: payload.sub, email: payload.email, roles: payload.roles };
    } catch {
      throw new ApiError(
        HttpStatus.UNAUTHORIZED,
        'UNAUTHORIZED',
        'The token is invalid or expired',
      );
    }
  }
}
