import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { PageQuery } from '#server/common/pagination';

export class ListIncidentsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only incidents of instances of this process key' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  definitionKey?: string;

  @ApiPropertyOptional({ description: 'Only incidents on this element id' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  elementId?: string;

  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: '`true`: only open incidents; `false`: only resolved ones; absent: both',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  open?: 'true' | 'false';
}
