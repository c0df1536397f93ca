import { applyDecorators, ValidationPipe } from '@nestjs/common';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsISO8601,
  IsUUID,
  Matches,
  ValidateIf,
  ValidationError,
  validateSync,
} from 'class-validator';
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

const MONTH_DAY = String.raw`(0[1-9]|1[0-2])-(0[1-9]|1\d|2[0-8])|(0[13-9]|1[0-2])-(29|30)|(0[13578]|1[02])-31`;
const LEAP_YEAR = String.raw`[1-9]\d(0[48]|[2468][048]|[13579][26])|([2468][048]|[13579][26])00`;
/** A day of the calendar in the years 1000 to 9999 (a strict ISO 8601 check misreads year 0099). */
const CALENDAR_DATE = String.raw`([1-9]\d{3}-(${MONTH_DAY})|(${LEAP_YEAR})-02-29)`;
/**
 * A time with its offset, in a form JavaScript's Date reads (`+05:30`, `+0530`, not `+05`), the
 * offset within what Postgres takes (under 16 hours).
 */
const TIME_WITH_OFFSET = String.raw`T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-](0\d|1[0-5]):?[0-5]\d)`;

/** `2026-03-31`: a day that exists (no 31st of April; the 29th of February in leap years). */
export const DATE_ONLY = new RegExp(`^${CALENDAR_DATE}$`);

/**
 * A calendar date, or a date-time with its offset (`2026-03-31`, `2026-03-31T09:00:00Z`): what the
 * API takes as a timestamp. The pattern checks the calendar too, so the OpenAPI document states
 * everything the strict ISO 8601 check beside it refuses.
 */
export const ISO_DATE_OR_DATE_TIME = new RegExp(`^${CALENDAR_DATE}(${TIME_WITH_OFFSET})?$`);

/** A date (midnight UTC) or a date-time with its offset: a time without a zone is ambiguous. */
export const IsTimestamp = () =>
  applyDecorators(
    Matches(ISO_DATE_OR_DATE_TIME, {
      message:
        '$property must be an ISO 8601 date or a date-time with offset, like 2026-03-31T09:00:00Z',
    }),
    IsISO8601({ strict: true }),
  );

/**
 * What a DTO's constraints refuse in these values, one message per violated constraint, as the
 * API would answer them; absent values pass. For checking a request's values that arrive other
 * than as a request (a process step's, a diagram's), with the API's own rules.
 */
export function constraintProblems<T extends object>(
  dto: new () => T,
  values: Partial<Record<keyof T, unknown>>,
): string[] {
  return validateSync(plainToInstance(dto, values), { skipMissingProperties: true }).flatMap(
    (error) => Object.values(error.constraints ?? {}),
  );
}
/** The condition of `UserIdOrMe`, by which the OpenAPI document recognises it. */
export const IS_NOT_ME = (_: object, value: unknown) => value !== 'me';

/** A user id, or `me` for the caller. */
export const UserIdOrMe = () => applyDecorators(ValidateIf(IS_NOT_ME), IsUUID());
