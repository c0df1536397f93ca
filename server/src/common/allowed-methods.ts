import type { NextFunction, Request, Response } from 'express';
import { ApiErrorBody } from './api-error';
import { TRANSPORT_CODES } from './error.filter';

/** What this file reads of Express's router: its route layers. */
interface RouteLayer {
  route?: { path: unknown; methods: Record<string, boolean | undefined> };
  match(path: string): boolean;
}

const parametersIn = (layer: RouteLayer) =>
  typeof layer.route?.path === 'string' ? layer.route.path.split(':').length - 1 : 0;

/**
 * A route of the API. The designer's catch-all (`GET *`, serving the single-page app) is no
 * resource: counted, it would own every path (no parameters) and refuse every POST with 405.
 */
const isApiRoute = (layer: RouteLayer) =>
  typeof layer.route?.path === 'string' &&
  (layer.route.path.startsWith('/api/') || layer.route.path === '/health');

/**
 * The methods of the resource at the request's path (HEAD with GET, as Express answers it). The
 * routes with the fewest parameters own the path: `/api/process-definitions/impact` is not also
 * the `/api/process-definitions/:id` that Express would try for a GET.
 */
export function methodsAllowedOn(request: Request): string[] {
  const router = (request.app as unknown as { router?: { stack?: RouteLayer[] } }).router;
  const matching = candidateRoutes(router?.stack ?? [], request.path).filter(({ layer }) =>
    layer.match(request.path),
  );
  if (matching.length === 0) return [];
  let fewest = Infinity;
  for (const route of matching) fewest = Math.min(fewest, route.parameters);
  const methods = new Set<string>();
  for (const { layer, parameters } of matching) {
    if (parameters !== fewest) continue;
    for (const [method, handled] of Object.entries(layer.route?.methods ?? {})) {
      if (handled && method !== '_all') methods.add(method.toUpperCase());
    }
  }
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods].sort();
}

interface ApiRoute {
  layer: RouteLayer;
  parameters: number;
}

/**
 * A stack's API routes by the first two segments of their path (`/api/tasks`), which a request
 * must share to match; routes with a parameter or pattern there are tried for every path.
 */
interface RouteIndex {
  size: number;
  byPrefix: Map<string, ApiRoute[]>;
  anyPrefix: ApiRoute[];
}

/** Worked out once, not per request: the stack only grows while the app starts. */
const routeIndexes = new WeakMap<RouteLayer[], RouteIndex>();

/** Express matches paths case-insensitively by default; so does the index. */
const prefixOf = (path: string) => path.split('/', 3).join('/').toLowerCase();

const LITERAL_PREFIX = /^\/[\w.-]*(\/[\w.-]*)?$/;

/**
 * The API routes that may match `path`: those of its prefix and those that match any prefix,
 * rather than every route of the API for every request.
 */
function candidateRoutes(stack: RouteLayer[], path: string): ApiRoute[] {
  let index = routeIndexes.get(stack);
  if (index?.size !== stack.length) {
    index = { size: stack.length, byPrefix: new Map(), anyPrefix: [] };
    for (const layer of stack.filter(isApiRoute)) {
      const route = { layer, parameters: parametersIn(layer) };
      const prefix = prefixOf(layer.route!.path as string);
      if (!LITERAL_PREFIX.test(prefix)) index.anyPrefix.push(route);
      else index.byPrefix.set(prefix, [...(index.byPrefix.get(prefix) ?? []), route]);
    }
    routeIndexes.set(stack, index);
  }
  const sharing = index.byPrefix.get(prefixOf(path)) ?? [];
  return index.anyPrefix.length === 0 ? sharing : [...sharing, ...index.anyPrefix];
}

/**
 * Before routing: a known path asked with a method it does not have answers 405 with `Allow`
 * (RFC 9110), and OPTIONS answers 204 with `Allow`; an unknown path goes on to the router's 404.
 */
export function methodNotAllowed(request: Request, response: Response, next: NextFunction) {
  const allowed = methodsAllowedOn(request);
  if (allowed.length === 0 || allowed.includes(request.method)) return next();
  response.setHeader('Allow', allowed.join(', '));
  if (request.method === 'OPTIONS') return response.status(204).end();
  const body: ApiErrorBody = {
    statusCode: 405,
    code: TRANSPORT_CODES[405],
    message: `${request.method} is not allowed on ${request.path}; allowed: ${allowed.join(', ')}`,
    details: [],
  };
  response.status(405).json(body);
}
