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
  const matching = apiRoutesOf(router?.stack ?? []).filter(({ layer }) =>
    layer.match(request.path),
  );
  const fewest = Math.min(...matching.map((route) => route.parameters));
  const methods = new Set<string>();
  for (const { layer } of matching.filter((candidate) => candidate.parameters === fewest)) {
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

/** The API routes of each router stack with their parameter counts, and the stack's size then. */
const apiRoutes = new WeakMap<RouteLayer[], { size: number; routes: ApiRoute[] }>();

/** Worked out once, not per request: the stack only grows while the app starts. */
function apiRoutesOf(stack: RouteLayer[]): ApiRoute[] {
  const known = apiRoutes.get(stack);
  if (known?.size === stack.length) return known.routes;
  const routes = stack
    .filter(isApiRoute)
    .map((layer) => ({ layer, parameters: parametersIn(layer) }));
  apiRoutes.set(stack, { size: stack.length, routes });
  return routes;
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
