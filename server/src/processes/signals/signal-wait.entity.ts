import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const SIGNAL_WAIT_STATUSES = ['open', 'received', 'cancelled'] as const;
export type SignalWaitStatus = (typeof SIGNAL_WAIT_STATUSES)[number];

/**
 * A process instance waiting for a signal at a signal catch or boundary event; a broadcast
 * finds every instance waiting for the signal's name.
 */
@Entity('signal_waits')
export class SignalWait {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'instance_id', type: 'uuid' })
  instanceId!: string;

  @Column({ name: 'element_id', type: 'text' })
  elementId!: string;

  /** The engine's wait the signal resolves; also the idempotency key of its creation. */
  @Column({ name: 'wait_key', type: 'text', unique: true })
  waitKey!: string;

  @Column({ name: 'signal_name', type: 'text' })
  signalName!: string;

  @Column({ type: 'text', default: 'open' })
  status!: SignalWaitStatus;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;
}
