import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { describeValidators } from './openapi-validation';
import { OptionalNotNull, UserIdOrMe } from './validation';

class ExampleDto {
  @ApiProperty()
  @IsUUID()
  id!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 50)
  note?: string | null;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ type: [String] })
  @OptionalNotNull()
  @ArrayMaxSize(5)
  @Matches(/^[a-z]+$/, { each: true })
  tags?: string[];

  @ApiProperty({ type: [String], enum: ['a', 'b'] })
  @IsIn(['a', 'b'], { each: true })
  kinds!: string[];

  @ApiPropertyOptional()
  @OptionalNotNull()
  @UserIdOrMe()
  owner?: string;

  @ApiPropertyOptional({ description: 'Declared by hand' })
  @ValidateIf((object: ExampleDto) => object.limit !== undefined)
  @IsUUID()
  conditional?: string;

  @ApiProperty({ maxLength: 10 })
  @Length(1, 30)
  declared!: string;
}

const schemaOf = (property: keyof ExampleDto) =>
  Reflect.getMetadata('swagger/apiModelProperties', ExampleDto.prototype, property) as Record<
    string,
    unknown
  >;

describe('describeValidators', () => {
  const validated = describeValidators();

  it('names the validated classes, whose schemas then refuse unknown properties', () => {
    expect(validated.has('ExampleDto')).toBe(true);
  });

  it('copies what the validators check into the property schemas', () => {
    expect(schemaOf('id')).toMatchObject({ format: 'uuid' });
    expect(schemaOf('limit')).toMatchObject({ type: 'integer', minimum: 1, maximum: 200 });
    expect(schemaOf('note')).toMatchObject({ minLength: 1, maxLength: 50 });
  });

  it('makes @IsOptional() properties nullable, OptionalNotNull() ones not', () => {
    expect(schemaOf('note').nullable).toBe(true);
    expect(schemaOf('limit').nullable).toBeUndefined();
  });

  it('puts `each` constraints on the items of an array and the others on the array', () => {
    expect(schemaOf('tags')).toMatchObject({ maxItems: 5, pattern: '^[a-z]+$' });
    // An enum of an array is its items'; on the array itself it would contradict `type: array`.
    expect(schemaOf('kinds').enum).toBeUndefined();
    expect(schemaOf('kinds').items).toEqual({ type: 'string', enum: ['a', 'b'] });
  });

  it('describes UserIdOrMe as a uuid or "me", and leaves other conditions alone', () => {
    const pattern = new RegExp(schemaOf('owner').pattern as string);
    expect(pattern.test('me')).toBe(true);
    expect(pattern.test('0b6f1c9e-4a57-4d8e-9a43-2f1f1d3c8b11')).toBe(true);
    expect(pattern.test('')).toBe(false);
    expect(schemaOf('owner').format).toBeUndefined();
    expect(schemaOf('conditional').format).toBeUndefined();
  });

  it('keeps what a property declares itself, and changes nothing when run again', () => {
    expect(schemaOf('declared')).toMatchObject({ maxLength: 10, minLength: 1 });
    const before = JSON.stringify(schemaOf('limit'));
    describeValidators();
    expect(JSON.stringify(schemaOf('limit'))).toBe(before);
  });
});
