import { HttpStatus, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { compare } from 'bcryptjs';
import { ApiError } from '../common/api-error';
import { UsersService } from '../users/users.service';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
  ) {}

  async login(email: string, password: string) {
    const user = await this.users.findForLogin(email);
    if (!user || !(await compare(password, user.passwordHash))) {
      throw new ApiError(HttpStatus.UNAUTHORIZED, 'INVALID_CREDENTIALS', 'Wrong email or password');
    }
    // Checked after the password, so the answer tells nothing to someone who does not know it.
    if (!user.active) {
      throw new ApiError(HttpStatus.UNAUTHORIZED, 'USER_DEACTIVATED', 'This user was deactivated');
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
