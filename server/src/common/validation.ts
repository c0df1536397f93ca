import { applyDecorators, ValidationPipe } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsBoolean, IsUUID, ValidateIf } from 'class-validator';

/** Every DTO is validated; unknown fields are refused rather than silently dropped. */
export const validationPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  transformOptions: { enableImplicitConversion: false },
});

/** Absent is fine; null is refused, for fields the database cannot leave empty. */
export const OptionalNotNull = () => ValidateIf((_, value) => value !== undefined);

/** A query-string flag: `true` or `false`, nothing else. */
export const QueryBoolean = () =>
  applyDecorators(
    Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)),
    IsBoolean(),
  );

/** A user id, or `me` for the caller. */
export const UserIdOrMe = () =>
  applyDecorators(
    ValidateIf((_, value) => value !== 'me'),
    IsUUID(),
  );
