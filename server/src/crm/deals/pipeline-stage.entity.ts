import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { Pipeline } from './pipeline.entity';

export const STAGE_KINDS = ['open', 'won', 'lost'] as const;
export type StageKind = (typeof STAGE_KINDS)[number];

/** A step of a pipeline; a deal in a `won` or `lost` stage is closed. */
@Entity('pipeline_stages')
export class PipelineStage {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'pipeline_id', type: 'uuid' })
  pipelineId!: string;

  @ManyToOne(() => Pipeline, (pipeline) => pipeline.stages, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'pipeline_id' })
  // Relation<> keeps decorator metadata from touching Pipeline while the two files load each other.
  pipeline?: Relation<Pipeline>;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'int' })
  position!: number;

  @Column({ type: 'int', default: 0 })
  probability!: number;

  @Column({ type: 'text', default: 'open' })
  kind!: StageKind;
}
