import { DynamicModule, Global, Module } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import { TypeOrmModule } from '@nestjs/typeorm';
import { existsSync } from 'node:fs';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { AccessModule } from './common/access/access.module';
import { FLOWCARD_CONFIG, FlowcardConfig } from './common/config';
import { designerCacheControl } from './common/designer-cache';
import { ClientsModule } from './crm/clients/clients.module';
import { ActivitiesModule } from './crm/activities/activities.module';
import { DealsModule } from './crm/deals/deals.module';
import { dataSourceOptions } from './database/data-source';
import { HealthController } from './health/health.controller';
import { PostgresProbe } from './health/postgres-probe';
import { LiveModule } from './live/live.module';
import { DefinitionsModule } from './processes/definitions/definitions.module';
import { DraftsModule } from './processes/drafts/drafts.module';
import { IncidentsModule } from './processes/incidents/incidents.module';
import { InstancesModule } from './processes/instances/instances.module';
import { MessagesModule } from './processes/messages/messages.module';
import { SignalsModule } from './processes/signals/signals.module';
import { TriggersModule } from './processes/triggers/triggers.module';
import { TasksModule } from './processes/tasks/tasks.module';
import { TemporalModule } from './temporal/temporal.module';
import { UsersModule } from './users/users.module';
import { TeamsModule } from './teams/teams.module';
import { IntegrationsModule } from './integrations/integrations.module';
import { SearchModule } from './search/search.module';
import { SavedViewsModule } from './saved-views/saved-views.module';
import { InstanceCommentsModule } from './processes/instance-comments/instance-comments.module';

@Global()
@Module({})
class ConfigModule {
  static forRoot(config: FlowcardConfig): DynamicModule {
    const provider = { provide: FLOWCARD_CONFIG, useValue: config };
    return { module: ConfigModule, providers: [provider], exports: [provider] };
  }
}

@Module({})
export class AppModule {
  static forRoot(config: FlowcardConfig, designerDir: string | null): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRoot(dataSourceOptions(config.databaseUrl)),
        TemporalModule,
        AccessModule,
        UsersModule,
        TeamsModule,
        IntegrationsModule,
        SearchModule,
        SavedViewsModule,
        AuthModule,
        ClientsModule,
        AuditModule,
        DealsModule,
        ActivitiesModule,
        DefinitionsModule,
        DraftsModule,
        InstancesModule,
        InstanceCommentsModule,
        IncidentsModule,
        TasksModule,
        MessagesModule,
        SignalsModule,
        TriggersModule,
        LiveModule,
        ...(designerDir && existsSync(designerDir)
          ? [
              ServeStaticModule.forRoot({
                rootPath: designerDir,
                exclude: ['/api/{*rest}', '/health'],
                serveStaticOptions: {
                  setHeaders: (response, filePath) =>
                    response.setHeader('Cache-Control', designerCacheControl(filePath)),
                },
              }),
            ]
          : []),
      ],
      controllers: [HealthController],
      providers: [PostgresProbe],
    };
  }
}
