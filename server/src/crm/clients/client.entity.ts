import {
  Column,
  CreateDateColumn,
  DeleteDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { User } from '#server/users/user.entity';

export const CLIENT_KINDS = ['company', 'person'] as const;
export type ClientKind = (typeof CLIENT_KINDS)[number];

/** A key of `client_statuses`; which statuses exist and which moves are allowed is data. */
export type ClientStatus = string;

@Entity('clients')
export class Client {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  kind!: ClientKind;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  status!: ClientStatus;

  /** For a person: the company they work for (a contact of that company). */
  @Column({ name: 'company_id', type: 'uuid', nullable: true })
  companyId!: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  emails!: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  phones!: string[];

  @Column({ type: 'text', nullable: true })
  address!: string | null;

  /** Where the client came from: web form, call, referral, ... */
  @Column({ type: 'text', nullable: true })
  source!: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags!: string[];

  /** Attributes an admin added beyond the built-in fields. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  custom!: Record<string, unknown>;

  @Column({ name: 'owner_id', type: 'uuid', nullable: true })
  ownerId!: string | null;

  @ManyToOne(() => User, { nullable: true })
  @JoinColumn({ name: 'owner_id' })
  owner?: User | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt!: Date;

  /** Set when the client was deleted; TypeORM's finders and query builders leave such rows out. */
  @DeleteDateColumn({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;
}
