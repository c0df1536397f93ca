import { Body, Controller, Get, HttpCode, Ip, NotFoundException, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiAuthenticated, ApiErrors } from '../common/api-responses';
import { UserDetailsResponse } from '../users/user.response';
import { UsersService } from '../users/users.service';
import { AuthUser, CurrentUser, Public } from './auth-user';
import { LoginDto } from './auth.dto';
import { LoginResponse } from './auth.response';
import { AuthService } from './auth.service';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResponse })
  @ApiErrors(400, 401, 429)
  login(@Body() body: LoginDto, @Ip() address: string): Promise<LoginResponse> {
    return this.auth.login(body.email, body.password, address);
  }

  @ApiAuthenticated()
  @Get('me')
  @ApiOkResponse({ type: UserDetailsResponse })
  @ApiErrors(404)
  async me(@CurrentUser() caller: AuthUser): Promise<UserDetailsResponse> {
    const user = await this.users.findById(caller.id);
    if (!user) throw new NotFoundException('Your user no longer exists');
    return user;
  }
}
