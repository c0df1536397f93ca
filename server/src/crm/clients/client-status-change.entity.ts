import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One move of a client through the status lifecycle, by a person or by a process step. */
@Entity('client_status_changes')
export class ClientStatusChange {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'client_id', type: 'uuid' })
  clientId!: string;

  @Column({ name: 'from_status', type: 'text', nullable: true })
  fromStatus!: string | null;

  @Column({ name: 'to_status', type: 'text' })
  toStatus!: string;

  @CreateDateColumn({ name: 'changed_at', type: 'timestamptz' })
  changedAt!: Date;

  @Column({ name: 'changed_by_id', type: 'uuid', nullable: true })
  changedById!: string | null;

  /** Why a person made the change. */
  @Column({ type: 'text', nullable: true })
  comment!: string | null;

  @Column({ name: 'process_instance_id', type: 'uuid', nullable: true })
  processInstanceId!: string | null;

  @Column({ name: 'element_id', type: 'text', nullable: true })
  elementId!: string | null;

  /** Set when a process step made the change, so a retried step changes nothing twice. */
  @Column({ name: 'idempotency_key', type: 'text', nullable: true, unique: true })
  idempotencyKey!: string | null;
}
