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
      // Lazy: the API starts (and /health says so) even while Temporal is down or slow to answer.
      useFactory: (config: FlowcardConfig) =>
        new Client({
          connection: Connection.lazy({ address: config.temporalAddress }),
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
