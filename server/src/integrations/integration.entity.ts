import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** The inbound integrations Flowcard knows; each signs its requests with its own secret. */
export const INTEGRATION_KEYS = ['lead', 'telephony'] as const;
export type IntegrationKey = (typeof INTEGRATION_KEYS)[number];

/** An inbound integration (`lead`, `telephony`) and the secret its requests are signed with. */
@Entity('integrations')
export class Integration {
  @PrimaryColumn({ type: 'text' })
  key!: string;

  @Column({ type: 'text', select: false })
  secret!: string;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  /**
   * Who owns the clients this integration creates when nobody better is known (the telephony
   * integration prefers the agent who took the call); null leaves them to the admins.
   */
  @Column({ name: 'default_owner_id', type: 'uuid', nullable: true })
  defaultOwnerId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** A delivery id already accepted; the primary key refuses a replay. */
@Entity('hook_deliveries')
export class HookDelivery {
  @PrimaryColumn({ name: 'integration_key', type: 'text' })
  integrationKey!: string;

  @PrimaryColumn({ name: 'delivery_id', type: 'text' })
  deliveryId!: string;

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;
}
