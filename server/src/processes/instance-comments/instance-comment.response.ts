import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '#server/common/api-responses';

export class InstanceCommentResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  instanceId!: string;

  @ApiProperty({ format: 'uuid' })
  authorId!: string;

  @ApiProperty()
  authorName!: string;

  @ApiProperty()
  body!: string;

  @ApiProperty()
  createdAt!: Date;
}

export class InstanceCommentPage extends PageOf(InstanceCommentResponse) {}
