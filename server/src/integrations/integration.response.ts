import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '../common/api-responses';
import { Integration, INTEGRATION_KEYS } from './integration.entity';
import { TelephonyOutcome } from './telephony-hook.service';

/** An inbound integration; its secret is shown once, when rotated, and never again. */
export class IntegrationResponse implements Omit<Integration, 'secret'> {
  @ApiProperty({ enum: INTEGRATION_KEYS })
  key!: string;

  @ApiProperty()
  enabled!: boolean;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Who owns the clients it creates when nobody better is known',
  })
  defaultOwnerId!: string | null;

  @ApiProperty()
  createdAt!: Date;
}

export class IntegrationPage extends PageOf(IntegrationResponse) {}

export class RotatedSecretResponse {
  @ApiProperty({ enum: INTEGRATION_KEYS })
  key!: string;

  @ApiProperty({ description: 'Returned this once; the old secret stops working at once' })
  secret!: string;
}

export class LeadOutcomeResponse {
  @ApiProperty({ format: 'uuid' })
  clientId!: string;

  @ApiProperty({ description: 'False when the lead matched a client already known' })
  created!: boolean;
}

export class TelephonyOutcomeResponse implements TelephonyOutcome {
  @ApiProperty({ format: 'uuid' })
  activityId!: string;

  @ApiProperty({ format: 'uuid' })
  clientId!: string;

  @ApiProperty()
  clientCreated!: boolean;
}
