import { ApiProperty, ApiPropertyOptional, IntersectionType, PartialType } from '@nestjs/swagger';
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
} from 'class-validator';
import { PageQuery } from '../common/pagination';
import { OptionalNotNull, QueryBoolean } from '../common/validation';
import { Role, ROLES } from './user.entity';

/** Emails are stored lower-case: login looks them up that way. */
const normaliseEmail = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

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

  @ApiPropertyOptional({ type: String, nullable: true, description: 'The team a manager works in' })
  @IsOptional()
  @IsUUID()
  teamId?: string | null;
}

/**
 * A partial update (`password` sets a new one); `active: false` deactivates the user, who then
 * cannot log in.
 */
export class UpdateUserDto extends PartialType(CreateUserDto, { skipNullProperties: false }) {
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
  @QueryBoolean()
  active?: boolean;

  @ApiPropertyOptional({
    default: false,
    description:
      'true lists only the users whose records (calendar, activities) you may read: yourself, your team mates and the members of the teams you supervise; everyone for admins and analysts',
  })
  @IsOptional()
  @QueryBoolean()
  readable?: boolean;
}

export class ListUsersQuery extends IntersectionType(PageQuery, UserFilterQuery) {}
