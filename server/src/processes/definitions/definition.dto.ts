import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';

export class ListDefinitionsQuery {
  @ApiPropertyOptional({ example: 'application-handling', description: 'Only this process key' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  key?: string;
}
