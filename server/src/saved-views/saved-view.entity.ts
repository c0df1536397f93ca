import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { SavedViewFilters, SavedViewScreen } from './saved-view.dto';

/** Filters and sort of a list screen saved under a name; only its owner sees it. */
@Entity('saved_views')
export class SavedView {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId!: string;

  @Column({ type: 'text' })
  screen!: SavedViewScreen;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'jsonb' })
  filters!: SavedViewFilters;

  @Column({ type: 'text' })
  sort!: string;

  @Column({ name: 'sort_order', type: 'text' })
  order!: 'asc' | 'desc';

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
