import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '../common/api-responses';
import { Role, ROLES } from './user.entity';
import { UserDetails, UserSummary } from './users.service';

export class UserSummaryResponse implements UserSummary {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  email!: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  roles!: Role[];

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  teamId!: string | null;
}

export class UserDetailsResponse extends UserSummaryResponse implements UserDetails {
  @ApiProperty()
  active!: boolean;

  @ApiProperty()
  createdAt!: Date;
}

export class UserSummaryPage extends PageOf(UserSummaryResponse) {}
