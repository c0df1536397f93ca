import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '#server/common/api-responses';
import type { Incident, IncidentResolution } from './incident.entity';

export class IncidentResponse implements Incident {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ description: "The engine's incident key (`<instance id>:incident:<n>`)" })
  key!: string;

  @ApiProperty({ format: 'uuid' })
  instanceId!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The element whose step could not proceed',
  })
  elementId!: string | null;

  @ApiProperty({
    example: 'EXPRESSION_FAILED',
    description:
      '`EXPRESSION_FAILED`, `STEP_FAILED` (the engine), a domain code such as `UNKNOWN_STATUS`, `DATABASE_REFUSED`, or `RETRIES_EXHAUSTED` (transient errors past the retry policy)',
  })
  code!: string;

  @ApiProperty()
  message!: string;

  @ApiProperty({ description: 'How many times the step was tried before the incident' })
  attempts!: number;

  @ApiProperty()
  createdAt!: Date;

  @ApiProperty({ type: Date, nullable: true })
  resolvedAt!: Date | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  resolvedById!: string | null;

  @ApiProperty({ enum: ['retried', 'cancelled'], nullable: true })
  resolution!: IncidentResolution | null;
}

export class IncidentListItemResponse extends IncidentResponse {
  @ApiProperty({ example: 'application-handling' })
  definitionKey!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  clientId!: string | null;
}

export class IncidentPage extends PageOf(IncidentListItemResponse) {}
