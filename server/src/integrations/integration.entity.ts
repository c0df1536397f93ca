import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** An inbound integration (`lead`, `telephony`) and the secret its requests are signed with. */
@Entity('integrations')
export class Integration {
  @PrimaryColumn({ type: 'text' })
  key!: string;

  @Column({ type: 'text', select: false })
  secret!: string;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

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
