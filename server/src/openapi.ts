import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, getSchemaPath, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { createApp } from './app.factory';
import { ApiErrorResponse, ERROR_MEANINGS } from './common/api-responses';
import { FlowcardConfig } from './common/config';
import { DEFAULT_MAX_TIMER_MS } from '#workflows/engine/model';
import { describeValidators, uuidPathParameters } from './common/openapi-validation';

/** The OpenAPI document of a built app: `/api/docs` serves it, `npm run api:types` writes it. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const info = new DocumentBuilder()
    .setTitle('Flowcard API')
    .setDescription('CRM + BPM: clients, processes, instances, tasks')
    .setVersion('0.1')
    .addBearerAuth()
    .build();
  const validated = describeValidators();
  const document = SwaggerModule.createDocument(app, info);
  return withTransportErrors(withStrictInputs(document, validated, uuidPathParameters(app)));
}

/**
 * The validation pipe refuses unknown properties (`forbidNonWhitelisted`), so the schema of every
 * validated class does too. A query string cannot carry null: `@IsOptional()` makes a body
 * property nullable, never a query parameter. Path ids that `ParseUUIDPipe` checks are uuids. A
 * body without required properties may be left out: the pipe validates an absent body as `{}`.
 */
function withStrictInputs(
  document: OpenAPIObject,
  validated: Set<string>,
  uuidParameters: Map<string, Set<string>>,
): OpenAPIObject {
  const schemas = document.components?.schemas ?? {};
  // A body class made by PartialType and the like is registered under its base's name: the
  // schemas that bodies name are validated classes too.
  const strict = new Set(validated);
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (operation?.requestBody && !('$ref' in operation.requestBody)) {
        const body = operation.requestBody.content['application/json']?.schema;
        const name = body && '$ref' in body ? body.$ref.split('/').pop() : undefined;
        const schema = name ? schemas[name] : undefined;
        if (!name || !schema || '$ref' in schema) continue;
        strict.add(name);
        if (!schema.required?.length) operation.requestBody.required = false;
      }
    }
  }
  for (const [name, schema] of Object.entries(schemas)) {
    if (strict.has(name) && !('$ref' in schema) && schema.additionalProperties === undefined) {
      schema.additionalProperties = false;
    }
  }
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      const uuids = uuidParameters.get(operation?.operationId ?? '');
      for (const parameter of operation?.parameters ?? []) {
        if ('$ref' in parameter || !parameter.schema || '$ref' in parameter.schema) continue;
        delete parameter.schema.nullable;
        if (parameter.in === 'path' && uuids?.has(parameter.name)) parameter.schema.format = 'uuid';
      }
    }
  }
  return document;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/**
 * Errors the transport gives before or around any controller, documented once for all: the body
 * parsers refuse a body over their limit (413) or nested too deep (400) on every operation that
 * takes a body, and an operation that reads the database answers 503 `DATABASE_BUSY` while the
 * pool is exhausted (the health check answers its own 503).
 */
function withTransportErrors(document: OpenAPIObject): OpenAPIObject {
  const errorBody = (status: 413 | 503) => ({
    description: ERROR_MEANINGS[status],
    content: { 'application/json': { schema: { $ref: getSchemaPath(ApiErrorResponse) } } },
  });
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      if (operation.requestBody && !operation.responses['413']) {
        operation.responses['413'] = errorBody(413);
      }
      if (!operation.responses['503']) operation.responses['503'] = errorBody(503);
    }
  }
  return document;
}

/**
 * The document without a database or Temporal: a preview app registers every route but
 * instantiates no provider, so nothing connects anywhere.
 */
export async function previewOpenApiDocument(): Promise<OpenAPIObject> {
  const config: FlowcardConfig = {
    databaseUrl: 'postgres://preview@localhost/preview',
    temporalAddress: 'localhost:7233',
    temporalNamespace: 'default',
    taskQueue: 'flowcard',
    jwtSecret: 'preview',
    jwtExpiresIn: '1h',
    port: 0,
    engineCallTimeoutMs: 10_000,
    maxTimerMs: DEFAULT_MAX_TIMER_MS,
    messageTimeToLiveMs: 0,
    faultTestStartDelayMs: 0,
  };
  const app = await createApp(config, { logger: false, preview: true });
  try {
    return buildOpenApiDocument(app);
  } finally {
    await app.close();
  }
}
