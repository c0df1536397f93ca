import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { compare } from 'bcryptjs';
import { UsersService } from '../users/users.service';
import { authError } from './auth.errors';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
  ) {}

  async login(email: string, password: string) {
    const user = await this.users.findForLogin(email);
    if (!user || !(await compare(password, user.passwordHash))) {
      throw authError('INVALID_CREDENTIALS', 'Wrong email or password');
    }
    // Checked after the password, so the answer tells nothing to someone who does not know it.
    if (!user.active) {
      throw authError('USER_DEACTIVATED', 'This user was deactivated');
    }
    const accessToken = await this.jwt.signAsync({
      sub: user.id,
      email: user.email,
      roles: user.roles,
    });
    return {
      accessToken,
      user: { id: user.id, email: user.email, name: user.name, roles: user.roles },
    };
  }
}
