import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { Response } from 'express';
import { databaseBusy, textNotStorable } from '../database/database.errors';
import { ApiErrorBody } from './api-error';
import { DomainException, ErrorKind } from './errors/domain-exception';

/** The one place a domain error's kind becomes an HTTP status. */
export const STATUS_OF_KIND: Record<ErrorKind, HttpStatus> = {
  invalid: HttpStatus.BAD_REQUEST,
  unauthorized: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  unprocessable: HttpStatus.UNPROCESSABLE_ENTITY,
  too_many_attempts: HttpStatus.TOO_MANY_REQUESTS,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
};

/** Codes for what fails before any domain code runs (routing, body parsing, the framework). */
export const TRANSPORT_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE_ENTITY',
};

/** Seconds a client waits before retrying a 503 (`unavailable`) that names no other delay. */
export const RETRY_AFTER_SECONDS = 2;

/** Turns every error into `{statusCode, code, message, details}`; a stack trace never leaves the server. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const response = host.switchToHttp().getResponse<Response>();
    const refusal = databaseBusy(exception) ?? exception;
    const body = toErrorBody(refusal);
    const unavailable = body.statusCode === HttpStatus.SERVICE_UNAVAILABLE;
    const retryAfter =
      refusal instanceof DomainException && refusal.retryAfterSeconds !== undefined
        ? refusal.retryAfterSeconds
        : unavailable
          ? RETRY_AFTER_SECONDS
          : null;
    if (retryAfter !== null) response.setHeader('Retry-After', String(retryAfter));
    if (body.statusCode >= 500 && !unavailable) this.logger.error(exception);
    response.status(body.statusCode).json(body);
  }
}

export function toErrorBody(thrown: unknown): ApiErrorBody {
  // A database too busy to answer is a moment's refusal, not a fault of the server; text it
  // cannot store is a fault of the request.
  const exception = databaseBusy(thrown) ?? textNotStorable(thrown) ?? thrown;
  if (exception instanceof DomainException) {
    return {
      statusCode: STATUS_OF_KIND[exception.kind],
      code: exception.code,
      message: exception.message,
      details: exception.details,
    };
  }
  if (isClientHttpError(exception)) {
    const statusCode = exception.status;
    return {
      statusCode,
      code: TRANSPORT_CODES[statusCode] ?? 'ERROR',
      message: exception.message,
      details: [],
    };
  }
  if (!(exception instanceof HttpException)) {
    return {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      code: 'INTERNAL_ERROR',
      message: 'Something went wrong on the server; it has been logged.',
      details: [],
    };
  }
  const statusCode = exception.getStatus();
  const response = exception.getResponse();
  if (typeof response === 'object' && response !== null && 'code' in response) {
    return response as ApiErrorBody;
  }
  const code = TRANSPORT_CODES[statusCode] ?? (statusCode >= 500 ? 'INTERNAL_ERROR' : 'ERROR');
  const message =
    typeof response === 'object' && response !== null && 'message' in response
      ? (response as { message: unknown }).message
      : exception.message;
  // ValidationPipe puts one message per violated constraint in an array.
  if (Array.isArray(message)) {
    return { statusCode, code: 'VALIDATION_FAILED', message: message.join('; '), details: message };
  }
  return { statusCode, code, message: String(message), details: [] };
}

/**
 * An error the body parser raised (http-errors): a body too large, unreadable or in an unknown
 * charset. `expose` marks the ones whose message is meant for the client.
 */
function isClientHttpError(error: unknown): error is Error & { status: number } {
  if (!(error instanceof Error) || error instanceof HttpException) return false;
  const { status, expose } = error as { status?: unknown; expose?: unknown };
  return typeof status === 'number' && status >= 400 && status < 500 && expose === true;
}
