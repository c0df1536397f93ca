import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { EventType } from '#server/events/catalogue';

export const INSTANCE_EVENTS_CHANNEL = 'flowcard_instance_events';

/**
 * The outbox of everything that happens to a process instance or a client card (the types and
 * payloads are in events/catalogue.ts). Rows are written in the same transaction as the change
 * they describe; their increasing id lets a live subscriber ask for what it missed.
 */
@Entity('instance_events')
export class InstanceEvent {
  /** bigserial; pg returns it as a string, which keeps JavaScript numbers out of the way. */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  /** Null for a CRM change a person or an integration made. */
  @Column({ name: 'instance_id', type: 'uuid', nullable: true })
  instanceId!: string | null;

  /** The client the event concerns (an instance's events: the instance's client). */
  @Column({ name: 'client_id', type: 'uuid', nullable: true })
  clientId!: string | null;

  @Column({ type: 'text' })
  type!: EventType;

  @Column({ name: 'element_id', type: 'text', nullable: true })
  elementId!: string | null;

  @Column({ type: 'jsonb', default: {} })
  payload!: Record<string, unknown>;

  @Column({ name: 'idempotency_key', type: 'text', nullable: true, unique: true })
  idempotencyKey!: string | null;

  /** The person who made the change; a process step is the actor through instance and element. */
  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true })
  actorUserId!: string | null;

  @Column({ name: 'actor_integration', type: 'text', nullable: true })
  actorIntegration!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
