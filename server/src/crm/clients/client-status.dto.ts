import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';

/** A new status of the lifecycle, placed last; moves to and from it are added separately. */
export class CreateClientStatusDto {
  @ApiProperty({ example: 'on-hold', pattern: '^[a-z][a-z0-9_-]*$' })
  @IsString()
  @Length(1, 50)
  @Matches(/^[a-z][a-z0-9_-]*$/, {
    message: 'key takes lower-case letters, digits, - and _, starting with a letter',
  })
  key!: string;

  @ApiProperty({ example: 'On hold' })
  @IsString()
  @Length(1, 100)
  name!: string;
}

export class StatusTransitionDto {
  @ApiProperty({ example: 'lost' })
  @IsString()
  @Length(1, 50)
  fromStatus!: string;

  @ApiProperty({ example: 'lead' })
  @IsString()
  @Length(1, 50)
  toStatus!: string;
}
