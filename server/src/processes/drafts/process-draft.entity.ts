import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

/**
 * A diagram an analyst is working on, saved on the server so it outlives the browser tab and
 * other analysts can pick it up. Not compiled when saved: a draft may be unfinished.
 */
@Entity('process_drafts')
export class ProcessDraft {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  /** The process id of the diagram (the definition key it deploys as), when known. */
  @Column({ name: 'process_key', type: 'text', nullable: true })
  processKey!: string | null;

  @Column({ name: 'bpmn_xml', type: 'text' })
  bpmnXml!: string;

  @Column({ name: 'created_by_id', type: 'uuid', nullable: true })
  createdById!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @Column({ name: 'updated_by_id', type: 'uuid', nullable: true })
  updatedById!: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
