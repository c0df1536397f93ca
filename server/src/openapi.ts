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
  return withBodyLimit(SwaggerModule.createDocument(app, info));
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/**
 * The body parsers of `createApp` refuse a body over their limit before any controller runs,
 * so every operation that takes a body may answer 413; documented here once for all of them.
 */
function withBodyLimit(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation?.requestBody || operation.responses['413']) continue;
      operation.responses['413'] = {
        description: ERROR_MEANINGS[413],
        content: { 'application/json': { schema: { $ref: getSchemaPath(ApiErrorResponse) } } },
      };
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
  };
  const app = await createApp(config, { logger: false, preview: true });
  try {
    return buildOpenApiDocument(app);
  } finally {
    await app.close();
  }
}
