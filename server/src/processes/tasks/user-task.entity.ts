import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Variables } from '#workflows/engine/types';

export const USER_TASK_STATUSES = ['open', 'completed', 'cancelled'] as const;
export type UserTaskStatus = (typeof USER_TASK_STATUSES)[number];

/** A BPMN user task waiting for a person; completing it resumes its process instance. */
@Entity('user_tasks')
export class UserTask {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'instance_id', type: 'uuid' })
  instanceId!: string;

  @Column({ name: 'client_id', type: 'uuid', nullable: true })
  clientId!: string | null;

  @Column({ name: 'element_id', type: 'text' })
  elementId!: string;

  @Column({ type: 'text' })
  name!: string;

  /** The engine's wait this task resolves; also the idempotency key of its creation. */
  @Column({ name: 'wait_key', type: 'text', unique: true })
  waitKey!: string;

  @Column({ name: 'assignee_id', type: 'uuid', nullable: true })
  assigneeId!: string | null;

  @Column({ name: 'candidate_role', type: 'text', nullable: true })
  candidateRole!: string | null;

  /** The team whose members and supervisors may claim the task (`teams.id`). */
  @Column({ name: 'candidate_team_id', type: 'uuid', nullable: true })
  candidateTeamId!: string | null;

  @Column({ type: 'text', default: 'open' })
  status!: UserTaskStatus;

  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt!: Date | null;

  /** When to look at the task again; it stays open and is not overdue after it. */
  @Column({ name: 'follow_up_at', type: 'timestamptz', precision: 3, nullable: true })
  followUpAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Column({ name: 'completed_by_id', type: 'uuid', nullable: true })
  completedById!: string | null;

  @Column({ name: 'completion_variables', type: 'jsonb', nullable: true })
  completionVariables!: Variables | null;
}
