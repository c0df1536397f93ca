import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { compare, hash } from 'bcryptjs';
import { AccessPolicy } from '../common/access/access-policy.service';
import { PASSWORD_HASH_ROUNDS, UsersService } from '../users/users.service';
import { authError } from './auth.errors';
import { LoginThrottle, loginThrottleLimits } from './login-throttle';

@Injectable()
export class AuthService {
  private readonly throttle = new LoginThrottle(loginThrottleLimits());
  /**
   * Compared against when the email is unknown, so that an unknown email costs the same bcrypt
   * work as a wrong password and the answer time does not tell which emails exist.
   */
  private readonly dummyHash = hash('no user has this password', PASSWORD_HASH_ROUNDS);

  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    private readonly access: AccessPolicy,
  ) {}

  /** `address`: the caller's IP, for the per-address throttle. */
  async login(email: string, password: string, address: string) {
    this.throttle.assertMayTry(email, address);
    const user = await this.users.findForLogin(email);
    const matches = await compare(password, user?.passwordHash ?? (await this.dummyHash));
    if (!user || !matches) {
      this.throttle.recordFailure(email, address);
      throw authError('INVALID_CREDENTIALS', 'Wrong email or password');
    }
    // Checked after the password, so the answer tells nothing to someone who does not know it.
    if (!user.active) {
      throw authError('USER_DEACTIVATED', 'This user was deactivated');
    }
    this.throttle.recordSuccess(email);
    const signedIn = { id: user.id, email: user.email, roles: user.roles };
    const accessToken = await this.jwt.signAsync({
      sub: user.id,
      email: user.email,
      roles: user.roles,
    });
    const teamIds = await this.access.claimingTeams(signedIn);
    return { accessToken, user: { ...signedIn, name: user.name, teamIds } };
  }
}
