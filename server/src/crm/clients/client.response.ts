import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '#server/common/api-responses';
import { CSV_COLUMNS, CsvColumn, CsvRowError } from './client-csv';
import { ImportReport } from './client-csv.service';
import { Client, CLIENT_KINDS, ClientKind } from './client.entity';
import { ClientStatusDefinition, ClientStatusTransition } from './client-status.entity';
import { ClientProfile } from './clients.service';

/** A client as stored, with its owner's id only (lists, contacts). */
export class ClientRecord implements Omit<Client, 'owner'> {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: CLIENT_KINDS })
  kind!: ClientKind;

  @ApiProperty()
  name!: string;

  @ApiProperty({ description: 'A key of GET /client-statuses', example: 'lead' })
  status!: string;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'For a person: the company they work for',
  })
  companyId!: string | null;

  @ApiProperty({ type: String, isArray: true })
  emails!: string[];

  @ApiProperty({ type: String, isArray: true })
  phones!: string[];

  @ApiProperty({ type: String, nullable: true })
  address!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Where the client came from' })
  source!: string | null;

  @ApiProperty({ type: String, isArray: true })
  tags!: string[];

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Admin-defined fields' })
  custom!: Record<string, unknown>;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  ownerId!: string | null;

  @ApiProperty()
  createdAt!: Date;

  @ApiProperty()
  updatedAt!: Date;

  @ApiProperty({ type: Date, nullable: true, description: 'Always null: deleted clients are gone' })
  deletedAt!: Date | null;
}

export class ClientPage extends PageOf(ClientRecord) {}

export class ClientOwnerResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  email!: string;
}

/** A client as shown on its own: the owner's name beside the id. */
export class ClientResponse extends ClientRecord implements ClientProfile {
  @ApiProperty({ type: ClientOwnerResponse, nullable: true })
  owner!: ClientOwnerResponse | null;
}

export class CsvRowErrorResponse implements CsvRowError {
  @ApiProperty({ description: 'The record of the file, the header being row 1' })
  row!: number;

  @ApiProperty({ enum: CSV_COLUMNS, nullable: true, description: 'Null when the whole row is' })
  field!: CsvColumn | null;

  @ApiProperty()
  message!: string;
}

export class ImportReportResponse implements ImportReport {
  @ApiProperty()
  dryRun!: boolean;

  @ApiProperty({ description: 'Data rows in the file' })
  total!: number;

  @ApiProperty()
  valid!: number;

  @ApiProperty()
  created!: number;

  @ApiProperty({ type: CsvRowErrorResponse, isArray: true })
  errors!: CsvRowErrorResponse[];
}

export class ClientStatusTransitionResponse implements ClientStatusTransition {
  @ApiProperty()
  fromStatus!: string;

  @ApiProperty()
  toStatus!: string;
}

export class ClientStatusResponse implements ClientStatusDefinition {
  @ApiProperty({ example: 'lead' })
  key!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  position!: number;

  @ApiProperty({ type: String, isArray: true, description: 'The statuses it may move to' })
  allowedTargets!: string[];
}

export class ClientStatusesResponse {
  @ApiProperty({ type: ClientStatusResponse, isArray: true, description: 'In lifecycle order' })
  statuses!: ClientStatusResponse[];

  @ApiProperty({ type: ClientStatusTransitionResponse, isArray: true })
  transitions!: ClientStatusTransitionResponse[];
}
