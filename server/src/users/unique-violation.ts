import { QueryFailedError } from 'typeorm';

/** The name of the unique constraint a failed write broke, or null for any other failure. */
export function uniqueViolation(error: unknown): string | null {
  if (!(error instanceof QueryFailedError)) return null;
  const driverError = error.driverError as { code?: string; constraint?: string };
  return driverError.code === '23505' ? (driverError.constraint ?? 'unique') : null;
}
