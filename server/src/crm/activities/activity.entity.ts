import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export const ACTIVITY_KINDS = ['call', 'task', 'meeting', 'note'] as const;
export type ActivityKindName = (typeof ACTIVITY_KINDS)[number];

export const CALL_DIRECTIONS = ['inbound', 'outbound'] as const;
export type CallDirection = (typeof CALL_DIRECTIONS)[number];

export const ACTIVITY_PRIORITIES = ['low', 'normal', 'high'] as const;
export type ActivityPriority = (typeof ACTIVITY_PRIORITIES)[number];

/** open = planned, done = held or finished. */
export const ACTIVITY_STATUSES = ['open', 'done', 'cancelled'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];

/** A call, task, meeting or note on a client card, typed by a person or created by a process step. */
@Entity('activities')
export class Activity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'client_id', type: 'uuid' })
  clientId!: string;

  @Column({ type: 'text' })
  kind!: ActivityKindName;

  @Column({ type: 'text' })
  subject!: string;

  /** When a task is due, a call is planned or a meeting starts. */
  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt!: Date | null;

  @Column({ name: 'ends_at', type: 'timestamptz', nullable: true })
  endsAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  direction!: CallDirection | null;

  @Column({ name: 'duration_seconds', type: 'int', nullable: true })
  durationSeconds!: number | null;

  @Column({ type: 'text', nullable: true })
  result!: string | null;

  @Column({ name: 'recording_url', type: 'text', nullable: true })
  recordingUrl!: string | null;

  @Column({ type: 'text', nullable: true })
  place!: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  participants!: string[];

  @Column({ name: 'reminder_at', type: 'timestamptz', nullable: true })
  reminderAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  priority!: ActivityPriority | null;

  /** The text of a note, or a description. */
  @Column({ type: 'text', nullable: true })
  body!: string | null;

  /** The id an outside system (telephony) gave it; one activity per outside id. */
  @Column({ name: 'external_id', type: 'text', nullable: true, unique: true })
  externalId!: string | null;

  @Column({ name: 'assignee_id', type: 'uuid', nullable: true })
  assigneeId!: string | null;

  @Column({ type: 'text', default: 'open' })
  status!: ActivityStatus;

  @Column({ name: 'created_by_id', type: 'uuid', nullable: true })
  createdById!: string | null;

  @Column({ name: 'process_instance_id', type: 'uuid', nullable: true })
  processInstanceId!: string | null;

  @Column({ name: 'element_id', type: 'text', nullable: true })
  elementId!: string | null;

  @Column({ name: 'idempotency_key', type: 'text', nullable: true, unique: true })
  idempotencyKey!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;
}
