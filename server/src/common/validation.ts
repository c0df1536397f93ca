import { applyDecorators, ValidationPipe } from '@nestjs/common';
import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsUUID, ValidateIf, ValidationError, validateSync } from 'class-validator';
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

/** A user id, or `me` for the caller. */
export const UserIdOrMe = () =>
  applyDecorators(
    ValidateIf((_, value) => value !== 'me'),
    IsUUID(),
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
