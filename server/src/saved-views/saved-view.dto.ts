import { ApiProperty, OmitType, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsObject, IsString, Length, ValidateNested } from 'class-validator';
import { CLIENT_SORTS, ClientFilterQuery, type ClientSort } from '#server/crm/clients/client.dto';

export const SAVED_VIEW_SCREENS = ['clients'] as const;
export type SavedViewScreen = (typeof SAVED_VIEW_SCREENS)[number];

/** The client list's filters, checked as `GET /api/clients` checks them. */
export type SavedViewFilters = ClientFilterQuery;

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateSavedViewDto {
  @ApiProperty({ enum: SAVED_VIEW_SCREENS, description: 'The list screen the view is of' })
  @IsIn(SAVED_VIEW_SCREENS)
  screen!: SavedViewScreen;

  @ApiProperty({ example: 'My VIP leads' })
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiProperty({ type: ClientFilterQuery, description: 'The filters of GET /api/clients' })
  @IsObject()
  @ValidateNested()
  @Type(() => ClientFilterQuery)
  filters!: ClientFilterQuery;

  @ApiProperty({ enum: CLIENT_SORTS })
  @IsIn(CLIENT_SORTS)
  sort!: ClientSort;

  @ApiProperty({ enum: ['asc', 'desc'] })
  @IsIn(['asc', 'desc'])
  order!: 'asc' | 'desc';
}

/** A partial update; `filters` is replaced whole and the screen is fixed at creation. */
export class UpdateSavedViewDto extends PartialType(OmitType(CreateSavedViewDto, ['screen']), {
  skipNullProperties: false,
}) {}

export class ListSavedViewsQuery {
  @ApiProperty({ enum: SAVED_VIEW_SCREENS })
  @IsIn(SAVED_VIEW_SCREENS)
  screen!: SavedViewScreen;
}
