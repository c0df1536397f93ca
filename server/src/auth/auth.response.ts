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

  @ApiProperty({
    type: String,
    format: 'uuid',
    isArray: true,
    description:
      'The teams the user works in or oversees: whose unassigned tasks they may claim, and whose task list room `tasks:team:<id>` they may watch',
  })
  teamIds!: string[];
}

export class LoginResponse {
  @ApiProperty({ description: 'Send as `Authorization: Bearer <token>`' })
  accessToken!: string;

  @ApiProperty()
  user!: SignedInUser;
}
