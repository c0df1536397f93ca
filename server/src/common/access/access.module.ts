import { Global, Module } from '@nestjs/common';
import { DomainEventBus } from '../domain-events';
import { AccessPolicy } from './access-policy.service';

/** The cross-cutting services every domain module uses: access policy and domain events. */
@Global()
@Module({ providers: [AccessPolicy, DomainEventBus], exports: [AccessPolicy, DomainEventBus] })
export class AccessModule {}
