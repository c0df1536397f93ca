import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Length } from 'class-validator';

export const COMMENT_MAX_LENGTH = 5000;

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class AddInstanceCommentDto {
  @ApiProperty({
    minLength: 1,
    maxLength: COMMENT_MAX_LENGTH,
    description: 'Stored trimmed; blank is refused',
    example: 'Waiting for the client to send the signed contract.',
  })
  @Transform(trim)
  @IsString()
  @Length(1, COMMENT_MAX_LENGTH)
  body!: string;
}
