/**
 * One port in front of several API processes, as a load balancer does in production.
 *
 * REST requests go round-robin. socket.io needs every request of one session on the same process
 * while it long-polls, so the proxy does what HAProxy and Traefik call a sticky cookie: the first
 * answer sets `flowcard_api=<n>`, and later requests that carry it go to process n. A WebSocket
 * session is one connection and needs no cookie. A process that is down answers 503 with
 * `Retry-After`, the same as an overloaded API, so clients retry.
 */
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { createProxyServer } from 'http-proxy-3';

const AFFINITY_COOKIE = 'flowcard_api';

export interface ApiProxy {
  port: number;
  close(): Promise<void>;
}

/** Listens on `port` and forwards to the API processes at `targets` (`http://host:port`). */
export async function startApiProxy(port: number, targets: string[]): Promise<ApiProxy> {
  const proxy = createProxyServer({ ws: true, xfwd: true });
  let next = 0;
  const choose = (request: IncomingMessage): number => {
    const pinned = affinity(request, targets.length);
    if (pinned !== null) return pinned;
    next = (next + 1) % targets.length;
    return next;
  };
  const target = (index: number) => targets[index];

  proxy.on('proxyRes', (response, request) => {
    if (affinity(request, targets.length) !== null) return;
    const chosen = (request as IncomingMessage & { apiIndex?: number }).apiIndex;
    if (chosen === undefined || !request.url?.startsWith('/socket.io/')) return;
    const cookie = `${AFFINITY_COOKIE}=${chosen}; Path=/socket.io/; HttpOnly; SameSite=Lax`;
    const existing = response.headers['set-cookie'] ?? [];
    response.headers['set-cookie'] = [...existing, cookie];
  });

  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const index = choose(request);
    (request as IncomingMessage & { apiIndex?: number }).apiIndex = index;
    proxy.web(request, response, { target: target(index) }, () => unavailable(response));
  });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    proxy.ws(request, socket, head, { target: target(choose(request)) }, () => socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '0.0.0.0', () => resolve());
  });
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        proxy.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function affinity(request: IncomingMessage, targets: number): number | null {
  const match = new RegExp(`(?:^|;\\s*)${AFFINITY_COOKIE}=(\\d+)`).exec(
    request.headers.cookie ?? '',
  );
  if (!match) return null;
  const index = Number(match[1]);
  return index < targets ? index : null;
}

function unavailable(response: ServerResponse) {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  response.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' });
  response.end(
    JSON.stringify({
      statusCode: 503,
      code: 'API_UNAVAILABLE',
      message: 'The API process behind the proxy is not answering; retry in a moment.',
    }),
  );
}
