import { applyDecorators, Type } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiProperty,
  ApiResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { ApiErrorBody } from './api-error';
import { Page } from './pagination';

/** The error body of every operation, as the error filter writes it. */
export class ApiErrorResponse implements ApiErrorBody {
  @ApiProperty({ example: 404 })
  statusCode!: number;

  @ApiProperty({ description: 'Stable, machine-readable', example: 'NOT_FOUND' })
  code!: string;

  @ApiProperty({ example: 'Client 0b6f… was not found' })
  message!: string;

  @ApiProperty({
    type: 'array',
    items: {},
    description: 'The violated constraints, or the diagram problems with their element ids',
  })
  details!: unknown[];
}

export const ERROR_MEANINGS = {
  400: 'The request is invalid: a field, a query parameter, a path id or a domain rule',
  401: 'No valid credentials (bearer token, or the signature of a hook)',
  403: 'Authenticated, but not allowed to do this',
  404: 'The record does not exist or is not visible to the caller',
  409: 'The request conflicts with the current state of the record',
  413: 'The body is larger than the API accepts',
  415: 'The body has a content type this operation does not accept',
  422: 'The request is well-formed but the domain refuses it',
  429: "Too many attempts; try again after the Retry-After header's seconds",
  503: 'A service the operation needs is not reachable; try again',
} as const;

export type ErrorStatus = keyof typeof ERROR_MEANINGS;

/** Documents the error statuses an operation can answer, each with the one error body. */
export function ApiErrors(...statuses: ErrorStatus[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: ERROR_MEANINGS[status], type: ApiErrorResponse }),
    ),
  );
}

/** For a controller (or operation) that needs a bearer token: every call may answer 401. */
export function ApiAuthenticated(): MethodDecorator & ClassDecorator {
  return applyDecorators(ApiBearerAuth(), ApiErrors(401));
}

/**
 * The class of a page of `item`s, to extend with a named class (`class ClientPage extends
 * PageOf(ClientResponse) {}`): OpenAPI has no generics, so each item type gets its page schema.
 */
export function PageOf<T>(item: Type<T>): new () => Page<T> {
  class ItemPage implements Page<T> {
    @ApiProperty({ type: item, isArray: true })
    items!: T[];

    @ApiProperty({
      type: String,
      nullable: true,
      description: 'Pass as `cursor` for the next page; null on the last page',
    })
    nextCursor!: string | null;
  }
  return ItemPage;
}

/**
 * A property holding one of several shapes (a discriminated union: each class has its own
 * `type`), or an array of them; registers the classes as schemas of the document.
 */
export function ApiPropertyOneOf(
  classes: Type[],
  options: { nullable?: boolean; isArray?: boolean; description?: string } = {},
): PropertyDecorator {
  const oneOf = classes.map((type) => ({ $ref: getSchemaPath(type) }));
  return (target, key) => {
    ApiExtraModels(...classes)(target.constructor);
    ApiProperty(
      options.isArray
        ? { type: 'array', items: { oneOf }, description: options.description }
        : { oneOf, nullable: options.nullable, description: options.description },
    )(target, key);
  };
}
