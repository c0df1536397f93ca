import { Logger, OnModuleDestroy } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Namespace, Socket } from 'socket.io';
import { DataSource } from 'typeorm';
import { AuthUser } from '../auth/auth-user';
import { AuthGuard } from '../auth/auth.guard';
import { AccessPolicy } from '../common/access/access-policy.service';
import {
  mayReadProcess,
  ownersParameter,
  ProcessReaders,
  readableProcessSql,
} from '../common/access/access-rules';
import { isTaskListEvent } from '../events/catalogue';
import { forbidden } from '../common/errors/common.errors';
import { DomainException } from '../common/errors/domain-exception';
import { authError } from '../auth/auth.errors';
import { liveError } from './live.errors';
import { EventRelay } from './event-relay.service';
import { LiveSessions } from './live-sessions';
import { LIVE_EVENT_COLUMNS, LIVE_EVENT_FROM, roomFilter, toLiveEvent } from './live-event';
import { roomsFor } from './live-rooms';

interface SubscribeMessageBody {
  room?: unknown;
  afterId?: unknown;
}

/**
 * socket.io namespace `/live`. A client connects with `auth: {token}`, emits `subscribe`
 * with `{room, afterId?}` and receives `event` messages: first what it missed after
 * `afterId`, then each new event as it commits; `head` answers the newest event id. Every
 * `subscribe` checks the token and the user again (active, current roles); LiveSessions ends
 * connections whose token expired or whose user was deactivated.
 */
@WebSocketGateway({ namespace: '/live', cors: { origin: true } })
export class LiveGateway implements OnGatewayInit, OnModuleDestroy {
  private readonly logger = new Logger(LiveGateway.name);
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly relay: EventRelay,
    private readonly auth: AuthGuard,
    private readonly access: AccessPolicy,
    private readonly sessions: LiveSessions,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  afterInit(namespace: Namespace) {
    // Authenticate during the handshake: a client is connected only once it is known, so its
    // first `subscribe` can never race the token check.
    namespace.use((socket, next) => {
      const token = socket.handshake.auth?.token;
      if (typeof token !== 'string')
        return next(new Error('UNAUTHORIZED: connect with auth: { token }'));
      this.auth.verifyToken(token).then(
        (user) => {
          socket.data.user = user;
          socket.data.token = token;
          this.sessions.track(socket, token);
          next();
        },
        () => next(new Error('UNAUTHORIZED: the token is invalid or expired')),
      );
    });
    this.sessions.start(namespace);
    this.unsubscribe = this.relay.onEvent((event) => {
      const rooms = roomsFor(event);
      const direct = rooms.filter((room) => !isSharedRoom(room));
      namespace.to(direct).emit('event', event);
      // A task list or a process version spans clients and instances: each watcher hears only
      // of what they may read, and once however many of these rooms they are in. A team's list
      // is watched by those who may claim its tasks, who may read them wherever.
      const reached = new Set(
        direct.flatMap((room) => [...(namespace.adapter.rooms.get(room) ?? [])]),
      );
      const facts = {
        clientId: event.clientId,
        clientOwnerId: event.clientOwnerId,
        startedById: event.instanceStartedById,
        assigneeId: isTaskListEvent(event) ? event.payload.assigneeId : undefined,
      };
      const allowed: string[] = [];
      for (const room of rooms.filter(isSharedRoom)) {
        for (const socketId of namespace.adapter.rooms.get(room) ?? []) {
          if (reached.has(socketId)) continue;
          const socket = namespace.sockets.get(socketId);
          const readers: ProcessReaders | undefined = socket?.data.processReaders;
          if (!socket || !readers) continue;
          // Marked only once allowed: a socket refused in one room may still be a team's member.
          if (isTeamTaskListRoom(room) || mayReadProcess(socket.data.user, readers, facts)) {
            reached.add(socketId);
            allowed.push(socketId);
          }
        }
      }
      // Every socket is in the room of its own id: one broadcast encodes the packet once for
      // all of them, where an emit per socket encoded it per watcher.
      if (allowed.length > 0) namespace.to(allowed).emit('event', event);
    });
  }

  onModuleDestroy() {
    this.unsubscribe?.();
  }

  @SubscribeMessage('subscribe')
  async subscribe(@ConnectedSocket() socket: Socket, @MessageBody() body: SubscribeMessageBody) {
    const token = socket.data.token as string | undefined;
    if (!token) return refusal(authError('UNAUTHORIZED', 'Not authenticated'));
    // The user as they are now: deactivated since the handshake, or with other roles.
    let user: AuthUser;
    try {
      user = await this.auth.verifyToken(token);
    } catch (error) {
      if (error instanceof DomainException) return refusal(error);
      throw error;
    }
    await this.sessions.refreshUser(socket, user);
    const room = typeof body?.room === 'string' ? body.room : '';
    const filter = roomFilter(room);
    if (!filter) return refusal(liveError('UNKNOWN_ROOM', `No room "${room}"`));
    if (!(await this.access.mayWatch(user, room))) {
      return refusal(forbidden(`You may not watch "${room}"`));
    }
    const readers = await this.access.processReaders(user);
    socket.data.processReaders = readers;
    // Join before replaying: an event committed in between arrives twice, never zero times.
    await socket.join(room);
    const afterId =
      typeof body.afterId === 'string' && /^\d+$/.test(body.afterId) ? body.afterId : null;
    if (afterId !== null) {
      const rows = await this.dataSource.query(
        `SELECT ${LIVE_EVENT_COLUMNS} FROM ${LIVE_EVENT_FROM}
          WHERE e.id > $1 AND ${filter.where}
            AND (${readableProcessSql(
              {
                clientId: 'e.client_id',
                clientOwner: 'c.owner_id',
                startedBy: 'i.started_by_id',
                assignee: `e.payload->>'assigneeId'`,
              },
              { owners: '$3', starters: '$4', caller: '$5' },
            )} OR $6::boolean)
          ORDER BY e.id LIMIT 5000`,
        [
          afterId,
          filter.value,
          ownersParameter(readers.owners),
          ownersParameter(readers.starters),
          user.id,
          isTeamTaskListRoom(room),
        ],
      );
      for (const row of rows) socket.emit('event', toLiveEvent(row));
    }
    this.logger.debug(`${user.email} watches ${room}`);
    return { ok: true, room };
  }

  /**
   * The newest event id now: a screen that has seen no event yet asks it once its rooms are
   * joined, so that after a reconnect it can ask for everything after it.
   */
  @SubscribeMessage('head')
  async head() {
    const [{ id }] = await this.dataSource.query(
      `SELECT COALESCE(max(id), 0)::text AS id FROM instance_events`,
    );
    return { lastEventId: id as string };
  }

  @SubscribeMessage('unsubscribe')
  async leave(@ConnectedSocket() socket: Socket, @MessageBody() body: SubscribeMessageBody) {
    if (typeof body?.room === 'string') await socket.leave(body.room);
    return { ok: true };
  }
}

/** Rooms that span clients and instances: task lists, a process version's instances. */
function isSharedRoom(room: string): boolean {
  return room.startsWith('tasks:') || room.startsWith('definition:');
}

function isTeamTaskListRoom(room: string): boolean {
  return room.startsWith('tasks:team:');
}

/** A refused `subscribe` acknowledges with the refusal's code, as the REST API would name it. */
function refusal(error: DomainException) {
  return { ok: false, code: error.code, message: error.message };
}
