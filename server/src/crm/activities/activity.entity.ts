import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const ACTIVITY_KINDS = ['call', 'task', 'meeting', 'note'] as const;
export type ActivityKindName = (typeof ACTIVITY_KINDS)[number];

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

  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt!: Date | null;

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

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;
}
