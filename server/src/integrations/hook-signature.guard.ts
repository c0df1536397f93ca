import {
  applyDecorators,
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  Injectable,
  RawBodyRequest,
  SetMetadata,
  UseGuards,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiHeader } from '@nestjs/swagger';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth-user';
import { checkHookSignature, checkHookTimestamp, HOOK_HEADERS } from './hook-signature';
import { HookThrottle } from './hook-throttle';
import { Integration, IntegrationKey } from './integration.entity';
import { integrationError } from './integrations.errors';

const SIGNED_HOOK = 'flowcard:signedHook';

/** A request that passed the signature check; its delivery id is recorded with its effects. */
export interface SignedDelivery {
  integrationKey: IntegrationKey;
  deliveryId: string;
}

type HookRequest = RawBodyRequest<Request> & { signedDelivery?: SignedDelivery };

/**
 * The endpoint takes no bearer token; the request must instead be signed with the secret of
 * `key`. The check runs before the body is validated, so an unsigned request learns nothing, and
 * after the throttle (per integration and per address), so a flood costs no database read.
 */
export const SignedHook = (key: IntegrationKey) =>
  applyDecorators(
    Public(),
    SetMetadata(SIGNED_HOOK, key),
    UseGuards(HookSignatureGuard),
    ApiHeader({ name: 'X-Flowcard-Delivery', description: 'Unique id of this delivery' }),
    ApiHeader({ name: 'X-Flowcard-Timestamp', description: 'Unix seconds when it was sent' }),
    ApiHeader({
      name: 'X-Flowcard-Signature',
      description:
        'sha256=<hex HMAC-SHA256(secret, timestamp + "." + delivery id + "." + raw body)>',
    }),
  );

export const Delivery = createParamDecorator(
  (_: unknown, context: ExecutionContext): SignedDelivery =>
    context.switchToHttp().getRequest<HookRequest>().signedDelivery!,
);

@Injectable()
export class HookSignatureGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly throttle: HookThrottle,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const key = this.reflector.get<IntegrationKey>(SIGNED_HOOK, context.getHandler());
    const request = context.switchToHttp().getRequest<HookRequest>();
    this.throttle.admit(key, request.ip ?? request.socket.remoteAddress ?? 'unknown');
    const deliveryId = header(request, HOOK_HEADERS.delivery);
    const timestamp = header(request, HOOK_HEADERS.timestamp);
    const signature = header(request, HOOK_HEADERS.signature);
    if (!deliveryId || !timestamp || !signature) {
      throw integrationError(
        'HOOK_UNSIGNED',
        'A hook request needs the headers X-Flowcard-Delivery, X-Flowcard-Timestamp and X-Flowcard-Signature',
      );
    }
    const stale = checkHookTimestamp(timestamp, Math.floor(Date.now() / 1000));
    if (stale) throw stale;
    const integration = await this.dataSource
      .getRepository(Integration)
      .createQueryBuilder('integration')
      .addSelect('integration.secret')
      .where('integration.key = :key', { key })
      .getOne();
    if (!integration?.enabled) {
      throw integrationError(
        'HOOK_DISABLED',
        `The ${key} integration is not set up or is disabled`,
      );
    }
    const refusal = checkHookSignature(
      integration.secret,
      timestamp,
      deliveryId,
      request.rawBody ?? Buffer.alloc(0),
      signature,
    );
    if (refusal) throw refusal;
    if (deliveryId.length > 200) {
      throw integrationError(
        'HOOK_DELIVERY_INVALID',
        'X-Flowcard-Delivery is longer than 200 characters',
      );
    }
    request.signedDelivery = { integrationKey: key, deliveryId };
    return true;
  }
}

function header(request: Request, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}
