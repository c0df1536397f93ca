import { applyDecorators, ValidationPipe } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsBoolean, IsUUID, ValidateIf, ValidationError } from 'class-validator';
import { DomainException, ErrorCode } from './errors/domain-exception';

/**
 * A violated constraint whose context names an error code (`{context: {errorCode}}`) answers with
 * that code and the constraint's message, the path of the bad value in details; every other
 * violation answers VALIDATION_FAILED with one message per constraint, as ValidationPipe does.
 */
class CodedValidationPipe extends ValidationPipe {
  override createExceptionFactory() {
    const standard = super.createExceptionFactory();
    return (errors: ValidationError[] = []) => codedViolation(errors) ?? standard(errors);
  }
}

function codedViolation(errors: ValidationError[]): DomainException | null {
  for (const error of errors) {
    for (const [constraint, context] of Object.entries(error.contexts ?? {})) {
      const errorCode = (context as { errorCode?: ErrorCode }).errorCode;
      const message = error.constraints?.[constraint];
      if (errorCode && message) return new DomainException(errorCode, message, [message]);
    }
    const nested = codedViolation(error.children ?? []);
    if (nested) return nested;
  }
  return null;
}

/** Every DTO is validated; unknown fields are refused rather than silently dropped. */
export const validationPipe = new CodedValidationPipe({
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

/**
 * A calendar date, or a date-time with its offset (`2026-03-31`, `2026-03-31T09:00:00Z`): the
 * shape of what the API takes as a timestamp. A strict ISO 8601 check still refuses what the
 * shape lets through, such as the 30th of February.
 */
export const ISO_DATE_OR_DATE_TIME =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]([01]\d|2[0-3])(:?[0-5]\d)?))?$/;

/** The condition of `UserIdOrMe`, by which the OpenAPI document recognises it. */
export const IS_NOT_ME = (_: object, value: unknown) => value !== 'me';

/** A user id, or `me` for the caller. */
export const UserIdOrMe = () => applyDecorators(ValidateIf(IS_NOT_ME), IsUUID());
