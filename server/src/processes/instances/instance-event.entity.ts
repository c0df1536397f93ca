import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const INSTANCE_EVENTS_CHANNEL = 'flowcard_instance_events';

/**
 * The outbox of everything that happens to a process instance. Rows are written in
 * the same transaction as the change they describe; their increasing id lets a
 * live subscriber ask for what it missed.
 */
@Entity('instance_events')
export class InstanceEvent {
  /** bigserial; pg returns it as a string, which keeps JavaScript numbers out of the way. */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'instance_id', type: 'uuid' })
  instanceId!: string;

  @Column({ type: 'text' })
  type!: string;

  @Column({ name: 'element_id', type: 'text', nullable: true })
  elementId!: string | null;

  @Column({ type: 'jsonb', default: {} })
  payload!: Record<string, unknown>;

  @Column({ name: 'idempotency_key', type: 'text', nullable: true, unique: true })
  idempotencyKey!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
