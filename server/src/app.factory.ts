import { INestApplication, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { text } from 'express';
import { AppModule } from './app.module';
import { methodNotAllowed } from './common/allowed-methods';
import { jsonBodyLimits, jsonBodyParser } from './common/body-limits';
import { FlowcardConfig } from './common/config';
import { ErrorFilter } from './common/error.filter';
import { validationPipe } from './common/validation';
import { rememberValidationMetadata } from './common/validation-metadata';
import { buildOpenApiDocument } from './openapi';

/** Builds the API application; `main.ts` and the integration tests share it. */
export async function createApp(
  config: FlowcardConfig,
  options: { designerDir?: string | null; logger?: false; preview?: boolean } = {},
): Promise<INestApplication> {
  rememberValidationMetadata();
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot(config, options.designerDir ?? null),
    // rawBody: the inbound hooks verify their signature over the exact bytes received.
    {
      logger: options.logger ?? ['log', 'warn', 'error'],
      rawBody: true,
      preview: options.preview ?? false,
    },
  );
  app.use(methodNotAllowed);
  app.use(jsonBodyParser(jsonBodyLimits()));
  app.use(text({ type: ['application/xml', 'text/xml'], limit: '5mb' }));
  app.use(text({ type: 'text/csv', limit: '20mb' }));
  app.setGlobalPrefix('api', { exclude: [{ path: 'health', method: RequestMethod.GET }] });
  app.useGlobalPipes(validationPipe);
  app.useGlobalFilters(new ErrorFilter());
  app.enableShutdownHooks();
  SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(app));
  return app;
}
