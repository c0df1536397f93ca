import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { ExecutableModel } from '#workflows/engine/model';

/** One deployed version of a BPMN process; versions are immutable. */
@Entity('process_definitions')
@Unique('uq_process_definitions_key_version', ['key', 'version'])
export class ProcessDefinition {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  key!: string;

  @Column({ type: 'text', nullable: true })
  name!: string | null;

  @Column({ type: 'int' })
  version!: number;

  @Column({ name: 'bpmn_xml', type: 'text' })
  bpmnXml!: string;

  @Column({ type: 'jsonb' })
  model!: ExecutableModel;

  /** `contentHash` of the XML: a deploy identical to the latest version makes no new one. */
  @Column({ name: 'content_hash', type: 'text' })
  contentHash!: string;

  @CreateDateColumn({ name: 'deployed_at', type: 'timestamptz' })
  deployedAt!: Date;

  @Column({ name: 'deployed_by_id', type: 'uuid', nullable: true })
  deployedById!: string | null;
}
