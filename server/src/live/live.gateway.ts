import { Logger, OnModuleDestroy } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Namespace, Socket } from 'socket.io';
import { DataSource } from 'typeorm';
import { AuthUser } from '../auth/auth-user';
import { AuthGuard } from '../auth/auth.guard';
import { EventRelay } from './event-relay.service';
import {
  LIVE_EVENT_COLUMNS,
  LIVE_EVENT_FROM,
  roomFilter,
  roomsFor,
  toLiveEvent,
} from './live-event';

interface SubscribeMessageBody {
  room?: unknown;
  afterId?: unknown;
}

/**
 * socket.io namespace `/live`. A client connects with `auth: {token}`, emits `subscribe`
 * with `{room, afterId?}` and receives `event` messages: first what it missed after
 * `afterId`, then each new event as it commits.
 */
@WebSocketGateway({ namespace: '/live', cors: { origin: true } })
export class LiveGateway implements OnGatewayInit, OnGatewayConnection, OnModuleDestroy {
  private readonly logger = new Logger(LiveGateway.name);
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly relay: EventRelay,
    private readonly auth: AuthGuard,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  afterInit(namespace: Namespace) {
    this.unsubscribe = this.relay.onEvent((event) => {
      namespace.to(roomsFor(event)).emit('event', event);
    });
  }

  onModuleDestroy() {
    this.unsubscribe?.();
  }

  async handleConnection(socket: Socket) {
    try {
      const token = socket.handshake.auth?.token;
      if (typeof token !== 'string') throw new Error('no token');
      socket.data.user = await this.auth.verifyToken(token);
    } catch {
      socket.emit('error', { code: 'UNAUTHORIZED', message: 'Connect with auth: { token }' });
      socket.disconnect(true);
    }
  }

  @SubscribeMessage('subscribe')
  async subscribe(@ConnectedSocket() socket: Socket, @MessageBody() body: SubscribeMessageBody) {
    const user = socket.data.user as AuthUser | undefined;
    if (!user) return { ok: false, code: 'UNAUTHORIZED', message: 'Not authenticated' };
    const room = typeof body?.room === 'string' ? body.room : '';
    const filter = roomFilter(room);
    if (!filter) return { ok: false, code: 'UNKNOWN_ROOM', message: `No room "${room}"` };
    if (!mayJoin(room, user))
      return { ok: false, code: 'FORBIDDEN', message: `You may not watch "${room}"` };
    // Join before replaying: an event committed in between arrives twice, never zero times.
    await socket.join(room);
    const afterId =
      typeof body.afterId === 'string' && /^\d+$/.test(body.afterId) ? body.afterId : null;
    if (afterId !== null) {
      const rows = await this.dataSource.query(
        `SELECT ${LIVE_EVENT_COLUMNS} FROM ${LIVE_EVENT_FROM} WHERE e.id > $1 AND ${filter.where} ORDER BY e.id LIMIT 5000`,
        [afterId, filter.value],
      );
      for (const row of rows) socket.emit('event', toLiveEvent(row));
    }
    this.logger.debug(`${user.email} watches ${room}`);
    return { ok: true, room };
  }

  @SubscribeMessage('unsubscribe')
  async leave(@ConnectedSocket() socket: Socket, @MessageBody() body: SubscribeMessageBody) {
    if (typeof body?.room === 'string') await socket.leave(body.room);
    return { ok: true };
  }
}

/** Anyone signed in may watch instances and client cards; task lists are one's own or one's role's. */
function mayJoin(room: string, user: AuthUser): boolean {
  const [kind, scope, id] = room.split(':');
  if (kind !== 'tasks') return true;
  if (user.roles.includes('admin') || user.roles.includes('supervisor')) return true;
  if (scope === 'user') return id === user.id;
  return user.roles.some((role) => role === id);
}
