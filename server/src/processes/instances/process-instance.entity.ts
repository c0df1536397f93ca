import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import type { InstanceStatus, Variables } from '#workflows/engine/types';
import { ProcessDefinition } from '../definitions/process-definition.entity';

/**
 * The engine's statuses, and `starting`: the row committed, Temporal may not have its workflow
 * yet (the API starts it right after the commit, the reconciler if the API died in between).
 */
export type InstanceRowStatus = 'starting' | InstanceStatus;

export const INSTANCE_STATUSES: readonly InstanceRowStatus[] = [
  'starting',
  'running',
  'incident',
  'completed',
  'cancelled',
  'failed',
];

@Entity('process_instances')
export class ProcessInstance {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'workflow_id', type: 'text', unique: true })
  workflowId!: string;

  @Column({ name: 'definition_id', type: 'uuid' })
  definitionId!: string;

  @ManyToOne(() => ProcessDefinition)
  @JoinColumn({ name: 'definition_id' })
  definition?: ProcessDefinition;

  @Column({ name: 'client_id', type: 'uuid', nullable: true })
  clientId!: string | null;

  @Column({ type: 'text' })
  status!: InstanceRowStatus;

  @Column({ type: 'jsonb' })
  variables!: Variables;

  @Column({ type: 'jsonb', nullable: true })
  error!: { elementId: string | null; message: string } | null;

  @Column({ name: 'started_by_id', type: 'uuid', nullable: true })
  startedById!: string | null;

  @CreateDateColumn({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt!: Date | null;

  /** The instance whose call activity started this one; null for one started otherwise. */
  @Column({ name: 'parent_instance_id', type: 'uuid', nullable: true })
  parentInstanceId!: string | null;

  /** The call activity of the parent instance that started it. */
  @Column({ name: 'parent_element_id', type: 'text', nullable: true })
  parentElementId!: string | null;

  /** The parent's wait for this instance: a retried batch finds the instance by it. */
  @Column({ name: 'parent_wait_key', type: 'text', nullable: true, unique: true, select: false })
  parentWaitKey!: string | null;
}
