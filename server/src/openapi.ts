import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { createApp } from './app.factory';
import { FlowcardConfig } from './common/config';

/** The OpenAPI document of a built app: `/api/docs` serves it, `npm run api:types` writes it. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const info = new DocumentBuilder()
    .setTitle('Flowcard API')
    .setDescription('CRM + BPM: clients, processes, instances, tasks')
    .setVersion('0.1')
    .addBearerAuth()
    .build();
  return SwaggerModule.createDocument(app, info);
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
