import { Global, Module } from '@nestjs/common';
import { AccessPolicy } from './access-policy.service';

/** The cross-cutting service every domain module uses: the access policy. */
@Global()
@Module({ providers: [AccessPolicy], exports: [AccessPolicy] })
export class AccessModule {}
