import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, IntersectionType, PickType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateIf,
} from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { CLIENT_KINDS, ClientKind, ClientStatus } from './client.entity';

/** Digits with the usual separators and an optional leading +, e.g. `+49 (30) 123-456`. */
export const PHONE_PATTERN = /^\+?[0-9][0-9 ()./-]{2,29}$/;

/** No `;` (it separates tags in CSV) and no surrounding blanks. */
export const TAG_PATTERN = /^[^;\s](?:[^;]*[^;\s])?$/;

/** Absent is fine; null is refused, for fields the database cannot leave empty. */
const OptionalNotNull = () => ValidateIf((_, value) => value !== undefined);

const KindField = () => applyDecorators(ApiProperty({ enum: CLIENT_KINDS }), IsIn(CLIENT_KINDS));

const NameField = () =>
  applyDecorators(ApiProperty({ example: 'Acme Ltd' }), IsString(), Length(1, 200));

const EmailsField = () =>
  applyDecorators(
    ApiPropertyOptional({ type: [String], example: ['info@acme.example'] }),
    IsArray(),
    ArrayMaxSize(20),
    IsEmail({}, { each: true }),
  );

const PhonesField = () =>
  applyDecorators(
    ApiPropertyOptional({ type: [String], example: ['+49 30 1234567'] }),
    IsArray(),
    ArrayMaxSize(20),
    Matches(PHONE_PATTERN, {
      each: true,
      message:
        'each value in phones must be a phone number (digits, spaces, ()./- and a leading +)',
    }),
  );

const AddressField = () =>
  applyDecorators(
    ApiPropertyOptional({ nullable: true }),
    IsOptional(),
    IsString(),
    Length(1, 500),
  );

const SourceField = () =>
  applyDecorators(
    ApiPropertyOptional({ nullable: true, example: 'web form' }),
    IsOptional(),
    IsString(),
    Length(1, 100),
  );

const TagsField = () =>
  applyDecorators(
    ApiPropertyOptional({ type: [String], example: ['vip'] }),
    IsArray(),
    ArrayMaxSize(50),
    ArrayUnique(),
    IsString({ each: true }),
    Length(1, 50, { each: true }),
    Matches(TAG_PATTERN, {
      each: true,
      message: 'each value in tags must have no ";" and no leading or trailing blanks',
    }),
  );

const CompanyField = () =>
  applyDecorators(
    ApiPropertyOptional({ nullable: true, description: 'For a person: the company they work for' }),
    IsOptional(),
    IsUUID(),
  );

const OwnerField = () =>
  applyDecorators(
    ApiPropertyOptional({ description: 'Owner user id; the caller when absent on create' }),
    IsUUID(),
  );

const CustomField = () =>
  applyDecorators(ApiPropertyOptional({ type: 'object', additionalProperties: true }), IsObject());

export class CreateClientDto {
  @KindField()
  kind!: ClientKind;

  @NameField()
  name!: string;

  @ApiPropertyOptional({ default: 'lead', description: 'A key of the client statuses' })
  @OptionalNotNull()
  @IsString()
  @Length(1, 50)
  status?: ClientStatus;

  @CompanyField()
  companyId?: string | null;

  @OptionalNotNull()
  @EmailsField()
  emails?: string[];

  @OptionalNotNull()
  @PhonesField()
  phones?: string[];

  @AddressField()
  address?: string | null;

  @SourceField()
  source?: string | null;

  @OptionalNotNull()
  @TagsField()
  tags?: string[];

  @OptionalNotNull()
  @OwnerField()
  ownerId?: string;

  @OptionalNotNull()
  @CustomField()
  custom?: Record<string, unknown>;
}

/**
 * A partial update; arrays and `custom` are replaced whole. The kind is fixed at creation and the
 * status moves only through `POST /clients/:id/status`, so neither is accepted here.
 */
export class UpdateClientDto {
  @OptionalNotNull()
  @NameField()
  name?: string;

  @CompanyField()
  companyId?: string | null;

  @OptionalNotNull()
  @EmailsField()
  emails?: string[];

  @OptionalNotNull()
  @PhonesField()
  phones?: string[];

  @AddressField()
  address?: string | null;

  @SourceField()
  source?: string | null;

  @OptionalNotNull()
  @TagsField()
  tags?: string[];

  @OptionalNotNull()
  @OwnerField()
  ownerId?: string;

  @OptionalNotNull()
  @CustomField()
  custom?: Record<string, unknown>;
}

export class ChangeClientStatusDto {
  @ApiProperty({ example: 'potential' })
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
  @ApiPropertyOptional({ description: 'A key of the client statuses' })
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
  @ValidateIf((_, value) => value !== 'me')
  @IsUUID()
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

const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

export class ImportClientsQuery {
  @ApiPropertyOptional({ default: false, description: 'Only check the file; write nothing' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  dryRun?: boolean;

  @ApiPropertyOptional({
    default: false,
    description: 'Import the valid rows even when some rows are invalid',
  })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  skipInvalid?: boolean;
}

export class TimelineQuery extends PickType(PageQuery, ['limit', 'cursor']) {}
