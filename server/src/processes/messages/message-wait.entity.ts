import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const MESSAGE_WAIT_STATUSES = ['open', 'received', 'cancelled'] as const;
export type MessageWaitStatus = (typeof MESSAGE_WAIT_STATUSES)[number];

/** SQL for the newest outbox event id the statement sees: where a triggered wait opens. */
export const OUTBOX_POSITION = '(SELECT coalesce(max(id), 0) FROM instance_events)';

/**
 * A process instance waiting for a message at a message catch event or receive task; the
 * messages API finds it by message name and correlation key.
 */
@Entity('message_waits')
export class MessageWait {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'instance_id', type: 'uuid' })
  instanceId!: string;

  @Column({ name: 'element_id', type: 'text' })
  elementId!: string;

  /** The engine's wait the message resolves; also the idempotency key of its creation. */
  @Column({ name: 'wait_key', type: 'text', unique: true })
  waitKey!: string;

  @Column({ name: 'message_name', type: 'text' })
  messageName!: string;

  @Column({ name: 'correlation_key', type: 'text' })
  correlationKey!: string;

  /** A CRM event type that meets the wait too (a trigger on the element), for its client. */
  @Column({ name: 'trigger_event', type: 'text', nullable: true })
  triggerEvent!: string | null;

  /** FEEL boolean over the CRM event's payload; null lets every event of the type through. */
  @Column({ name: 'trigger_filter', type: 'text', nullable: true })
  triggerFilter!: string | null;

  /**
   * A triggered wait's outbox position when it was written: the CRM events with a higher id,
   * committed after it, meet it (`claimTriggeredWaits`), whatever time their transaction began.
   */
  @Column({ name: 'after_event_id', type: 'bigint', nullable: true })
  afterEventId!: string | null;

  @Column({ type: 'text', default: 'open' })
  status!: MessageWaitStatus;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;
}
