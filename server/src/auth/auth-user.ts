import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from '../users/user.entity';

/** Who is calling, as carried by the bearer token. */
export interface AuthUser {
  id: string;
  email: string;
  roles: Role[];
}

export const IS_PUBLIC = 'flowcard:isPublic';
export const REQUIRED_ROLES = 'flowcard:requiredRoles';

/** The endpoint needs no token. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The caller must hold at least one of these roles. */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

export const CurrentUser = createParamDecorator(
  (_: unknown, context: ExecutionContext): AuthUser => context.switchToHttp().getRequest().user,
);
