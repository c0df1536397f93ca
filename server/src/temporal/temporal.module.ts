import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { FLOWCARD_CONFIG, FlowcardConfig } from '../common/config';

export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');

@Global()
@Module({
  providers: [
    {
      provide: TEMPORAL_CLIENT,
      inject: [FLOWCARD_CONFIG],
      useFactory: async (config: FlowcardConfig) =>
        new Client({
          connection: await Connection.connect({ address: config.temporalAddress }),
          namespace: config.temporalNamespace,
        }),
    },
  ],
  exports: [TEMPORAL_CLIENT],
})
export class TemporalModule implements OnApplicationShutdown {
  constructor(@Inject(TEMPORAL_CLIENT) private readonly client: Client) {}

  async onApplicationShutdown() {
    await this.client.connection.close();
  }
}
