import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsUUID } from 'class-validator';
import { OptionalNotNull } from '../common/validation';

export class UpdateIntegrationDto {
  @ApiPropertyOptional({ description: 'false refuses its requests (403)' })
  @OptionalNotNull()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Who owns the clients it creates; null leaves them to the admins',
  })
  @IsOptional()
  @IsUUID()
  defaultOwnerId?: string | null;
}
