import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A signal an instance threw (signal throw or end event), written with the batch that threw
 * it; the signal relay delivers it to every instance waiting for it, then marks it delivered.
 */
@Entity('signal_broadcasts')
export class SignalBroadcast {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The engine effect that threw it: a retried batch records it once. */
  @Column({ name: 'effect_key', type: 'text', unique: true })
  effectKey!: string;

  @Column({ name: 'instance_id', type: 'uuid' })
  instanceId!: string;

  @Column({ name: 'element_id', type: 'text' })
  elementId!: string;

  @Column({ name: 'signal_name', type: 'text' })
  signalName!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** When a relay took it; a claim older than the relay's lease may be taken again. */
  @Column({ name: 'claimed_at', type: 'timestamptz', nullable: true })
  claimedAt!: Date | null;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;
}
