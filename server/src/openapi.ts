import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, getSchemaPath, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { createApp } from './app.factory';
import { ApiErrorResponse, ERROR_MEANINGS } from './common/api-responses';
import { FlowcardConfig } from './common/config';

/** The OpenAPI document of a built app: `/api/docs` serves it, `npm run api:types` writes it. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const info = new DocumentBuilder()
    .setTitle('Flowcard API')
    .setDescription('CRM + BPM: clients, processes, instances, tasks')
    .setVersion('0.1')
    .addBearerAuth()
    .build();
  return withTransportErrors(SwaggerModule.createDocument(app, info));
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
    faultTestStartDelayMs: 0,
  };
  const app = await createApp(config, { logger: false, preview: true });
  try {
    return buildOpenApiDocument(app);
  } finally {
    await app.close();
  }
}
