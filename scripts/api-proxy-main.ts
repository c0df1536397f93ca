/**
 * The API proxy as a process of its own, for docker/compose.yml: listens on PORT (3000) and
 * spreads requests over FLOWCARD_PROXY_TARGETS (comma-separated `http://host:port`).
 */
import { startApiProxy } from './lib/api-proxy';

async function main() {
  const targets = (process.env.FLOWCARD_PROXY_TARGETS ?? '')
    .split(',')
    .map((target) => target.trim())
    .filter(Boolean);
  if (targets.length === 0) {
    console.error(
      'FLOWCARD_PROXY_TARGETS is not set: give the API processes as http://host:port,...',
    );
    process.exit(1);
  }
  const port = Number(process.env.PORT ?? 3000);
  const proxy = await startApiProxy(port, targets);
  console.log(`Flowcard API proxy on port ${port} for ${targets.join(', ')}`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void proxy.close().then(() => process.exit(0)));
  }
}

void main();
