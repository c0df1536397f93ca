import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { CLIENT_KINDS, ClientKind, ClientStatus } from './client.entity';

export class CreateClientDto {
  @ApiProperty({ enum: CLIENT_KINDS })
  @IsIn(CLIENT_KINDS)
  kind!: ClientKind;

  @ApiProperty({ example: 'Acme Ltd' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({ default: 'lead', description: 'A key of the client statuses' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  status?: ClientStatus;

  @ApiPropertyOptional({ description: 'Owner user id; the caller when absent' })
  @IsOptional()
  @IsUUID()
  ownerId?: string;
}

export class ListClientsQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 50)
  status?: ClientStatus;
}
