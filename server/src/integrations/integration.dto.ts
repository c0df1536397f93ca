import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsUUID, ValidateIf } from 'class-validator';

export class UpdateIntegrationDto {
  @ApiPropertyOptional({ description: 'false refuses its requests (403)' })
  @ValidateIf((_, value) => value !== undefined)
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({
    nullable: true,
    description: 'Who owns the clients it creates; null leaves them to the admins',
  })
  @IsOptional()
  @IsUUID()
  defaultOwnerId?: string | null;
}
