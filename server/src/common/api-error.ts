import { HttpException, HttpStatus } from '@nestjs/common';

/** The one error shape of the API: `{statusCode, code, message, details}`. */
export interface ApiErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details: unknown[];
}

export class ApiError extends HttpException {
  constructor(status: HttpStatus, code: string, message: string, details: unknown[] = []) {
    super({ statusCode: status, code, message, details } satisfies ApiErrorBody, status);
  }
}

export const notFound = (what: string, id: string) =>
  new ApiError(HttpStatus.NOT_FOUND, 'NOT_FOUND', `${what} ${id} was not found`);

export const conflict = (code: string, message: string) =>
  new ApiError(HttpStatus.CONFLICT, code, message);
