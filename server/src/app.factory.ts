import { INestApplication, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { text } from 'express';
import { AppModule } from './app.module';
import { jsonBodyLimits, jsonBodyParser } from './common/body-limits';
import { FlowcardConfig } from './common/config';
import { ErrorFilter } from './common/error.filter';
import { validationPipe } from './common/validation';

/** Builds the API application; `main.ts` and the integration tests share it. */
export async function createApp(
  config: FlowcardConfig,
  options: { designerDir?: string | null; logger?: false } = {},
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot(config, options.designerDir ?? null),
    // rawBody: the inbound hooks verify their signature over the exact bytes received.
    { logger: options.logger ?? ['log', 'warn', 'error'], rawBody: true },
  );
  app.use(jsonBodyParser(jsonBodyLimits()));
  app.use(text({ type: ['application/xml', 'text/xml'], limit: '5mb' }));
  app.use(text({ type: 'text/csv', limit: '20mb' }));
  app.setGlobalPrefix('api', { exclude: [{ path: 'health', method: RequestMethod.GET }] });
  app.useGlobalPipes(validationPipe);
  app.useGlobalFilters(new ErrorFilter());
  app.enableShutdownHooks();
  const openApi = new DocumentBuilder()
    .setTitle('Flowcard API')
    .setDescription('CRM + BPM: clients, processes, instances, tasks')
    .setVersion('0.1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi));
  return app;
}
