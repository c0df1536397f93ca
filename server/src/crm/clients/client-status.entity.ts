import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One status of the client lifecycle (lead, potential, active, inactive, lost, ...). */
@Entity('client_statuses')
export class ClientStatusDefinition {
  @PrimaryColumn({ type: 'text' })
  key!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'int' })
  position!: number;
}

/** An allowed move between two statuses; a move not listed here is refused. */
@Entity('client_status_transitions')
export class ClientStatusTransition {
  @PrimaryColumn({ name: 'from_status', type: 'text' })
  fromStatus!: string;

  @PrimaryColumn({ name: 'to_status', type: 'text' })
  toStatus!: string;
}
