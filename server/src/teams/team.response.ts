import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '../common/api-responses';
import { TeamView } from './teams.service';

export class TeamResponse implements TeamView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({
    type: String,
    format: 'uuid',
    isArray: true,
    description: 'Who oversees the team',
  })
  supervisorIds!: string[];

  @ApiProperty({ type: String, format: 'uuid', isArray: true, description: 'Who works in it' })
  memberIds!: string[];

  @ApiProperty()
  createdAt!: Date;
}

export class TeamPage extends PageOf(TeamResponse) {}
