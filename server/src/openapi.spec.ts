import { readFileSync } from 'node:fs';
import type { OpenAPIObject } from '@nestjs/swagger';
import {
  API_TYPES,
  apiTypesOf,
  OPENAPI_JSON,
  openApiJson,
  REGENERATE_COMMAND,
} from '#scripts/openapi';
import { previewOpenApiDocument } from './openapi';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

type OperationObject = NonNullable<OpenAPIObject['paths'][string]['get']>;
type ResponseObject = Exclude<NonNullable<OperationObject['responses'][string]>, { $ref: string }>;

interface Operation {
  name: string;
  path: string;
  operation: OperationObject;
  responses: Record<string, ResponseObject>;
}

let document: OpenAPIObject;
let operations: Operation[];

beforeAll(async () => {
  document = await previewOpenApiDocument();
  operations = Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const operation = item[method];
      if (!operation) return [];
      const responses = operation.responses;
      for (const response of Object.values(responses)) expect(response).not.toHaveProperty('$ref');
      return [
        {
          name: `${method.toUpperCase()} ${path}`,
          path,
          operation,
          responses: responses as Record<string, ResponseObject>,
        },
      ];
    }),
  );
});

/** Operations for which `check` says what is missing; empty when every one is right. */
function failing(check: (operation: Operation) => string | null): string[] {
  return operations.flatMap((operation) => {
    const problem = check(operation);
    return problem ? [`${operation.name}: ${problem}`] : [];
  });
}

describe('the OpenAPI document', () => {
  it('describes every route of the API', () => {
    expect(operations.length).toBeGreaterThan(60);
  });

  it('gives every operation a success response with a schema, or says there is no body', () => {
    const problems = failing(({ responses }) => {
      const successes = Object.entries(responses).filter(([status]) => /^2\d\d$/.test(status));
      if (successes.length === 0) return 'no 2xx response';
      for (const [status, response] of successes) {
        if (status === '204') {
          if (response.content) return '204 with a body';
          continue;
        }
        const media = Object.entries(response.content ?? {});
        if (media.length === 0) return `${status} without content`;
        if (media.some(([, content]) => !content.schema)) return `${status} without a schema`;
        const json = response.content?.['application/json']?.schema;
        if (json && !('$ref' in json) && json.type !== 'array') return `${status} inline object`;
      }
      return null;
    });
    expect(problems).toEqual([]);
  });

  it('documents every error with the one error body', () => {
    const problems = failing(({ path, responses }) => {
      const errors = Object.entries(responses).filter(([status]) => /^[45]\d\d$/.test(status));
      const wrong = errors.filter(
        ([, response]) =>
          JSON.stringify(response.content) !==
          JSON.stringify({
            'application/json': { schema: { $ref: '#/components/schemas/ApiErrorResponse' } },
          }),
      );
      // /health answers 503 with its own report of what is down.
      const allowed = path === '/health' ? ['503'] : [];
      const unexpected = wrong.filter(([status]) => !allowed.includes(status));
      return unexpected.length
        ? `${unexpected.map(([status]) => status)} not ApiErrorResponse`
        : null;
    });
    expect(problems).toEqual([]);
  });

  it('documents 404 wherever a path names a record', () => {
    expect(
      failing(({ path, responses }) => (path.includes('{') && !responses['404'] ? 'no 404' : null)),
    ).toEqual([]);
  });

  it('documents 401 wherever a bearer token is needed', () => {
    expect(
      failing(({ operation, responses }) =>
        operation.security?.length && !responses['401'] ? 'no 401' : null,
      ),
    ).toEqual([]);
  });

  it('documents 400 wherever a body is sent', () => {
    expect(
      failing(({ operation, responses }) =>
        operation.requestBody && !responses['400'] ? 'no 400' : null,
      ),
    ).toEqual([]);
  });

  it('documents 413 wherever a body is sent', () => {
    expect(
      failing(({ operation, responses }) =>
        operation.requestBody && !responses['413'] ? 'no 413' : null,
      ),
    ).toEqual([]);
  });

  it('asks for a token everywhere but on sign-in, the health check and the signed hooks', () => {
    const open = operations.filter(({ operation }) => !operation.security?.length);
    expect(open.map(({ name }) => name).sort()).toEqual([
      'GET /health',
      'POST /api/auth/login',
      'POST /api/hooks/lead',
      'POST /api/hooks/telephony',
    ]);
  });

  it('declares the CSV export as text/csv', () => {
    const exported = operations.find(({ name }) => name === 'GET /api/clients/export.csv');
    expect(Object.keys(exported?.responses['200'].content ?? {})).toEqual(['text/csv']);
  });
});

describe('the generated files of the designer', () => {
  const stale = (file: string) =>
    `${file} is stale: the API changed since it was generated. Run \`${REGENERATE_COMMAND}\` and commit the result.`;

  it('hold the OpenAPI document the controllers describe', () => {
    const committed = readFileSync(OPENAPI_JSON, 'utf8');
    if (committed !== openApiJson(document)) throw new Error(stale(OPENAPI_JSON));
  });

  it('hold the types openapi-typescript makes of that document', () => {
    const committed = readFileSync(API_TYPES, 'utf8');
    if (committed !== apiTypesOf(OPENAPI_JSON)) throw new Error(stale(API_TYPES));
  });
});
