import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  ValidateIf,
} from 'class-validator';
import { PageQuery } from '../common/pagination';
import { Role, ROLES } from './user.entity';

/** Emails are stored lower-case: login looks them up that way. */
const normaliseEmail = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

/** Absent is fine; null is refused, for fields the database cannot leave empty. */
const OptionalNotNull = () => ValidateIf((_, value) => value !== undefined);

export class CreateUserDto {
  @ApiProperty({ example: 'lena@example.com' })
  @Transform(normaliseEmail)
  @IsEmail()
  email!: string;

  @ApiProperty({ example: 'Lena Lind' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ minLength: 8 })
  @IsString()
  @Length(8, 200)
  password!: string;

  @ApiProperty({ enum: ROLES, isArray: true, example: ['manager'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles!: Role[];

  @ApiPropertyOptional({ nullable: true, description: 'The team a manager works in' })
  @IsOptional()
  @IsUUID()
  teamId?: string | null;
}

/** A partial update; `active: false` deactivates the user, who then cannot log in. */
export class UpdateUserDto {
  @ApiPropertyOptional()
  @OptionalNotNull()
  @Transform(normaliseEmail)
  @IsEmail()
  email?: string;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ minLength: 8, description: 'A new password' })
  @OptionalNotNull()
  @IsString()
  @Length(8, 200)
  password?: string;

  @ApiPropertyOptional({ enum: ROLES, isArray: true })
  @OptionalNotNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles?: Role[];

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsUUID()
  teamId?: string | null;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsBoolean()
  active?: boolean;
}

export class UserFilterQuery {
  @ApiPropertyOptional({ description: 'A part of the name or email, case-insensitive' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  q?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  teamId?: string;

  @ApiPropertyOptional({ default: true, description: 'false lists the deactivated users' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  active?: boolean;
}

export class ListUsersQuery extends IntersectionType(PageQuery, UserFilterQuery) {}
