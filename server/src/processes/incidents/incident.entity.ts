import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type IncidentResolution = 'retried' | 'cancelled';

/**
 * A step of a process instance that could not proceed, on its element: open until a supervisor
 * retries the step or the instance is cancelled.
 */
@Entity('incidents')
export class Incident {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The engine's incident key; also the idempotency key of its creation. */
  @Column({ type: 'text', unique: true })
  key!: string;

  @Column({ name: 'instance_id', type: 'uuid' })
  instanceId!: string;

  @Column({ name: 'element_id', type: 'text', nullable: true })
  elementId!: string | null;

  @Column({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  message!: string;

  @Column({ type: 'integer' })
  attempts!: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  @Column({ name: 'resolved_by_id', type: 'uuid', nullable: true })
  resolvedById!: string | null;

  @Column({ type: 'text', nullable: true })
  resolution!: IncidentResolution | null;
}
