import { ApiProperty } from '@nestjs/swagger';
import { ApiPropertyOneOf, PageOf } from '../common/api-responses';
import { AUDIT_ACTIONS, AuditAction } from './audit-entry.entity';
import { AuditEntryView } from './audit.service';

export class UserActorResponse {
  @ApiProperty({ enum: ['user'] })
  type!: 'user';

  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;
}

/** A step of a process instance acting on its own. */
export class ProcessActorResponse {
  @ApiProperty({ enum: ['process'] })
  type!: 'process';

  @ApiProperty({ format: 'uuid' })
  instanceId!: string;

  @ApiProperty({ type: String, nullable: true })
  definitionKey!: string | null;

  @ApiProperty({ type: String, nullable: true })
  elementId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  elementName!: string | null;
}

export class AuditEntryResponse implements AuditEntryView {
  @ApiProperty({ description: 'Increasing integer, serialised as a string' })
  id!: string;

  @ApiProperty()
  at!: Date;

  @ApiPropertyOneOf([UserActorResponse, ProcessActorResponse], {
    nullable: true,
    description: 'A person or a process step; null for anyone else (an integration)',
  })
  actor!: UserActorResponse | ProcessActorResponse | null;

  @ApiProperty({ example: 'client' })
  entityType!: string;

  @ApiProperty()
  entityId!: string;

  @ApiProperty({ enum: AUDIT_ACTIONS })
  action!: AuditAction;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  before!: Record<string, unknown> | null;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  after!: Record<string, unknown> | null;
}

export class AuditEntryPage extends PageOf(AuditEntryResponse) {}
