import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client as TemporalClient } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { AuthUser } from '#server/auth/auth-user';
import { AccessPolicy } from '#server/common/access/access-policy.service';
import { FLOWCARD_CONFIG, FlowcardConfig } from '#server/common/config';
import { TEMPORAL_CLIENT } from '#server/temporal/temporal.module';
import { InstancesService } from '../instances/instances.service';
import { BroadcastSignalDto } from './signal.dto';
import { SignalBroadcastResponse } from './signal.response';
import { deliverSignal, signalTargets, signalWaitsQuery } from './signal-delivery';
import { startBySignal } from './signal-starts';

/**
 * Broadcasts a signal to every instance waiting for it that the caller may see, and starts the
 * processes whose start event waits for it.
 */
@Injectable()
export class SignalsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: TemporalClient,
    @Inject(FLOWCARD_CONFIG) private readonly config: FlowcardConfig,
    private readonly access: AccessPolicy,
    private readonly instances: InstancesService,
  ) {}

  /**
   * Delivers to each instance waiting for the signal now; returns once every one has committed
   * its next steps, then starts the processes with a signal start event for it. An instance
   * waiting for it while in incident has it held, delivered once the incident is retried. A
   * signal nothing waits for reaches nobody (count 0): signals are not kept otherwise.
   */
  async broadcast(dto: BroadcastSignalDto, caller: AuthUser): Promise<SignalBroadcastResponse> {
    const signal = { name: dto.name, variables: dto.variables ?? {}, deliveryId: randomUUID() };
    const query = signalWaitsQuery(this.dataSource.manager, dto.name);
    await this.access.scopeInstances(query, caller, 'instance', 'client');
    const { reached, held } = await deliverSignal(
      this.temporal,
      this.dataSource.manager,
      this.config.engineCallTimeoutMs,
      await signalTargets(query),
      signal,
    );
    const startedInstanceIds = await startBySignal(this.dataSource, this.instances, {
      ...signal,
      startedById: caller.id,
    });
    return {
      count: reached.length,
      instanceIds: reached,
      heldInstanceIds: held,
      startedInstanceIds,
    };
  }
}
