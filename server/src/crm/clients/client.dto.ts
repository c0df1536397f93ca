import {
  ApiProperty,
  ApiPropertyOptional,
  IntersectionType,
  OmitType,
  PartialType,
  PickType,
} from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsEmail,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
} from 'class-validator';
import { PageQuery } from '#server/common/pagination';
import { OptionalNotNull, QueryBoolean, UserIdOrMe } from '#server/common/validation';
import { CLIENT_KINDS, ClientKind, ClientStatus } from './client.entity';

/** Digits with the usual separators and an optional leading +, e.g. `+49 (30) 123-456`. */
export const PHONE_PATTERN = /^\+?[0-9][0-9 ()./-]{2,29}$/;

/** No `;` (it separates tags in CSV) and no surrounding blanks. */
export const TAG_PATTERN = /^[^;\s](?:[^;]*[^;\s])?$/;

export class CreateClientDto {
  @ApiProperty({ enum: CLIENT_KINDS })
  @IsIn(CLIENT_KINDS)
  kind!: ClientKind;

  @ApiProperty({ example: 'Acme Ltd' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({
    type: String,
    default: 'lead',
    description: 'A key of the client statuses',
  })
  @OptionalNotNull()
  @IsString()
  @Length(1, 50)
  status?: ClientStatus;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'For a person: the company they work for',
  })
  @IsOptional()
  @IsUUID()
  companyId?: string | null;

  @ApiPropertyOptional({ type: [String], example: ['info@acme.example'] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(20)
  @IsEmail({}, { each: true })
  emails?: string[];

  @ApiPropertyOptional({ type: [String], example: ['+49 30 1234567'] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(PHONE_PATTERN, {
    each: true,
    message: 'each value in phones must be a phone number (digits, spaces, ()./- and a leading +)',
  })
  phones?: string[];

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  address?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'web form' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  source?: string | null;

  @ApiPropertyOptional({ type: [String], example: ['vip'] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(1, 50, { each: true })
  @Matches(TAG_PATTERN, {
    each: true,
    message: 'each value in tags must have no ";" and no leading or trailing blanks',
  })
  tags?: string[];

  @ApiPropertyOptional({ description: 'Owner user id; the caller when absent on create' })
  @OptionalNotNull()
  @IsUUID()
  ownerId?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @OptionalNotNull()
  @IsObject()
  custom?: Record<string, unknown>;
}

/**
 * A partial update; arrays and `custom` are replaced whole. The kind is fixed at creation and the
 * status moves only through `POST /clients/:id/status`, so neither is accepted here. A field the
 * database cannot leave empty may be absent but not null, as on create.
 */
export class UpdateClientDto extends PartialType(OmitType(CreateClientDto, ['kind', 'status']), {
  skipNullProperties: false,
}) {}

export class ChangeClientStatusDto {
  @ApiProperty({ type: String, example: 'potential' })
  @IsString()
  @Length(1, 50)
  status!: ClientStatus;

  @ApiPropertyOptional({ example: 'Signed the letter of intent' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  comment?: string;
}

export const CLIENT_SORTS = ['name', 'createdAt', 'updatedAt'] as const;
export type ClientSort = (typeof CLIENT_SORTS)[number];

/** The list's filters; the CSV export takes the same ones. */
export class ClientFilterQuery {
  @ApiPropertyOptional({ type: String, description: 'A key of the client statuses' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  status?: ClientStatus;

  @ApiPropertyOptional({ enum: CLIENT_KINDS })
  @IsOptional()
  @IsIn(CLIENT_KINDS)
  kind?: ClientKind;

  @ApiPropertyOptional({ description: "An owner's user id, or 'me'" })
  @IsOptional()
  @UserIdOrMe()
  ownerId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 50)
  tag?: string;

  @ApiPropertyOptional({ description: 'Only the people of this company' })
  @IsOptional()
  @IsUUID()
  companyId?: string;

  @ApiPropertyOptional({ description: 'A part of the name, case-insensitive' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  q?: string;
}

export class ListClientsQuery extends IntersectionType(PageQuery, ClientFilterQuery) {
  @ApiPropertyOptional({ enum: CLIENT_SORTS, default: 'name' })
  @IsOptional()
  @IsIn(CLIENT_SORTS)
  sort?: ClientSort;
}

export class ImportClientsQuery {
  @ApiPropertyOptional({ default: false, description: 'Only check the file; write nothing' })
  @IsOptional()
  @QueryBoolean()
  dryRun?: boolean;

  @ApiPropertyOptional({
    default: false,
    description: 'Import the valid rows even when some rows are invalid',
  })
  @IsOptional()
  @QueryBoolean()
  skipInvalid?: boolean;
}

export class TimelineQuery extends PickType(PageQuery, ['limit', 'cursor']) {}
