import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

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
