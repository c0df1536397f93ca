import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One move of a deal between pipeline stages (the first row has no `fromStageId`). */
@Entity('deal_stage_changes')
export class DealStageChange {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'deal_id', type: 'uuid' })
  dealId!: string;

  @Column({ name: 'from_stage_id', type: 'uuid', nullable: true })
  fromStageId!: string | null;

  @Column({ name: 'to_stage_id', type: 'uuid' })
  toStageId!: string;

  @CreateDateColumn({ name: 'changed_at', type: 'timestamptz' })
  changedAt!: Date;

  @Column({ name: 'changed_by_id', type: 'uuid', nullable: true })
  changedById!: string | null;
}
