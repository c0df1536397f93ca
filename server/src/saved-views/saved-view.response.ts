import { ApiProperty } from '@nestjs/swagger';
import { CLIENT_SORTS, ClientFilterQuery, type ClientSort } from '#server/crm/clients/client.dto';
import { SAVED_VIEW_SCREENS, type SavedViewScreen } from './saved-view.dto';

export class SavedViewResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: SAVED_VIEW_SCREENS })
  screen!: SavedViewScreen;

  @ApiProperty()
  name!: string;

  @ApiProperty({ type: ClientFilterQuery })
  filters!: ClientFilterQuery;

  @ApiProperty({ enum: CLIENT_SORTS })
  sort!: ClientSort;

  @ApiProperty({ enum: ['asc', 'desc'] })
  order!: 'asc' | 'desc';

  @ApiProperty()
  createdAt!: Date;

  @ApiProperty()
  updatedAt!: Date;
}

/** The caller's views of one screen, by name; they are few, so the list does not page. */
export class SavedViewList {
  @ApiProperty({ type: SavedViewResponse, isArray: true })
  items!: SavedViewResponse[];
}
