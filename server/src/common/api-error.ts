import { HttpException, HttpStatus } from '@nestjs/common';

/** The one error shape of the API: `{statusCode, code, message, details}`. */
export interface ApiErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details: unknown[];
}

/**
 * An error that only HTTP has (an unsupported media type, say), thrown by controllers. A domain
 * rule throws a DomainException instead, which the error filter maps to a status.
 */
export class ApiError extends HttpException {
  constructor(status: HttpStatus, code: string, message: string, details: unknown[] = []) {
    super({ statusCode: status, code, message, details } satisfies ApiErrorBody, status);
  }
}
