import { ApiProperty } from '@nestjs/swagger';
import { Role, ROLES } from '../users/user.entity';

export class SignedInUser {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  email!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  roles!: Role[];
}

export class LoginResponse {
  @ApiProperty({ description: 'Send as `Authorization: Bearer <token>`' })
  accessToken!: string;

  @ApiProperty()
  user!: SignedInUser;
}
