import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { Namespace, Socket } from 'socket.io';
import type { AuthUser } from '../auth/auth-user';
import { AuthGuard } from '../auth/auth.guard';
import { AccessPolicy } from '../common/access/access-policy.service';

/** setTimeout's largest delay; a token living longer is ended by the sweep instead. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export function liveRecheckIntervalMs(env: NodeJS.ProcessEnv = process.env): number {
  return Number(env.FLOWCARD_LIVE_RECHECK_SECONDS ?? 5) * 1000;
}

/**
 * Keeps live connections within their rights after the handshake. A socket is disconnected when
 * its token expires, and a sweep (every FLOWCARD_LIVE_RECHECK_SECONDS) re-reads the users behind
 * the connected sockets in one query: a deactivated or deleted user is disconnected; one whose
 * roles changed keeps only the rooms the access policy still lets them watch. Each API process
 * sweeps its own sockets, so a deactivation made through any of them takes effect everywhere
 * within one period. Before it ends a socket, the server emits `session-ended` with
 * `{code, message}` (`UNAUTHORIZED` for an expired token, `USER_DEACTIVATED`).
 */
@Injectable()
export class LiveSessions implements OnModuleDestroy {
  private readonly logger = new Logger(LiveSessions.name);
  private namespace: Namespace | null = null;
  private timer: NodeJS.Timeout | null = null;
  private sweeping = false;

  constructor(
    private readonly auth: AuthGuard,
    private readonly access: AccessPolicy,
  ) {}

  start(namespace: Namespace): void {
    this.namespace = namespace;
    this.timer = setInterval(() => void this.sweep(), liveRecheckIntervalMs());
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** A socket that passed the handshake with `token`: ended when the token expires. */
  track(socket: Socket, token: string): void {
    const expiresAt = this.auth.expiresAt(token);
    socket.data.expiresAt = expiresAt;
    if (expiresAt === null || expiresAt - Date.now() > MAX_TIMER_MS) return;
    const timer = setTimeout(
      () => end(socket, 'UNAUTHORIZED', 'The token expired'),
      Math.max(0, expiresAt - Date.now()),
    );
    socket.once('disconnect', () => clearTimeout(timer));
  }

  private async sweep(): Promise<void> {
    if (this.sweeping || !this.namespace) return;
    this.sweeping = true;
    try {
      const sockets = [...this.namespace.sockets.values()];
      const ids = [...new Set(sockets.map((socket) => userOf(socket).id))];
      if (ids.length === 0) return;
      const current = await this.auth.activeUsers(ids);
      for (const socket of sockets) {
        const user = current.get(userOf(socket).id);
        const expiresAt: number | null = socket.data.expiresAt;
        if (!user) end(socket, 'USER_DEACTIVATED', 'This user can no longer sign in');
        else if (expiresAt !== null && expiresAt <= Date.now()) {
          end(socket, 'UNAUTHORIZED', 'The token expired');
        } else {
          await this.refreshUser(socket, user);
        }
      }
    } catch (error) {
      this.logger.warn(`re-checking live connections failed: ${(error as Error).message}`);
    } finally {
      this.sweeping = false;
    }
  }

  /** The user as now read; if their roles changed, leave every room they may no longer watch. */
  async refreshUser(socket: Socket, user: AuthUser): Promise<void> {
    if (sameRoles(user.roles, userOf(socket).roles)) return;
    socket.data.user = user;
    socket.data.processReaders = await this.access.processReaders(user);
    for (const room of [...socket.rooms]) {
      if (room === socket.id || (await this.access.mayWatch(user, room))) continue;
      await socket.leave(room);
      socket.emit('unsubscribed', { room, code: 'FORBIDDEN' });
    }
  }
}

function userOf(socket: Socket): AuthUser {
  return socket.data.user as AuthUser;
}

function end(socket: Socket, code: string, message: string): void {
  socket.emit('session-ended', { code, message });
  socket.disconnect(true);
}

function sameRoles(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join() === [...b].sort().join();
}
