import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client as TemporalClient } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { FLOWCARD_CONFIG, FlowcardConfig } from '#server/common/config';
import { TEMPORAL_CLIENT } from '#server/temporal/temporal.module';
import { InstanceReconciler, reconcilerSettingsFromEnv } from './instance-reconciler';

/**
 * The API process's share of reconciliation: it starts the workflows of rows left `starting`
 * (its own starts that Temporal did not take in time, or those of an API that died). Closing
 * rows that Temporal closed stays with the worker process, which runs the whole reconciler.
 */
@Injectable()
export class StartingRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly reconciler: InstanceReconciler;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) temporal: TemporalClient,
    @Inject(FLOWCARD_CONFIG) config: FlowcardConfig,
  ) {
    this.reconciler = new InstanceReconciler(
      dataSource,
      temporal,
      reconcilerSettingsFromEnv(config),
    );
  }

  onApplicationBootstrap() {
    this.reconciler.start({ startingOnly: true });
  }

  /** Before the Temporal connection closes (`onApplicationShutdown`). */
  onModuleDestroy() {
    return this.reconciler.stop();
  }
}
