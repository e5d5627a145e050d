import type { FastifyInstance, RouteOptions } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The write acts on the caller's own account, session or connection only (password,
     * MFA, tokens, presence): it needs no permission beyond being signed in.
     */
    self?: true;
  }
}

export interface RouteEntry {
  method: string;
  url: string;
  /** What the route declares it needs (null: a read, which needs no declaration). */
  declares: string | null;
  /**
   * What the config says about identity: `public` (`auth: 'public'`), `user` (`auth: 'user'`,
   * a permission or a mission level), else `unset`.
   */
  auth: 'public' | 'user' | 'unset';
  /**
   * The resource guard that answers 404 before anything else when the caller may not see the
   * resource: `mission`, `evidence` or `finding` (config), or null.
   */
  guard: 'mission' | 'evidence' | 'finding' | null;
}

function guardOf(c: Record<string, unknown>): RouteEntry['guard'] {
  if (c.mission !== undefined) return 'mission';
  if (c.evidence !== undefined) return 'evidence';
  if (c.finding !== undefined) return 'finding';
  return null;
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * What a writing route declares: a global permission, a mission, evidence or finding level, an
 * act on the caller's own account, or public access. Null for a route that writes without
 * declaring any (copied from a read route, say): the policy refuses it at registration.
 */
export function writeDeclaration(config: Record<string, unknown> | undefined): string | null {
  const c = config ?? {};
  if (typeof c.permission === 'string') return `permission:${c.permission}`;
  if (Array.isArray(c.permission) && c.permission.length > 0) {
    return `permission:${c.permission.join('|')}`;
  }
  if (c.mission === 'write' || c.mission === 'manage') return `mission:${c.mission}`;
  if (c.evidence === 'write') return 'evidence:write';
  if (c.finding === 'manage') return 'finding:manage';
  if (c.self === true) return 'self';
  if (c.auth === 'public') return 'public';
  return null;
}

const tables = new WeakMap<FastifyInstance, RouteEntry[]>();

/**
 * Every route that writes (not GET/HEAD/OPTIONS) must declare what it needs; registering one
 * that does not throws, so the server does not start. `routeTable(app)` lists what was
 * registered (test/route-policy.test.ts walks it).
 */
export function registerRoutePolicy(app: FastifyInstance): void {
  const table: RouteEntry[] = [];
  tables.set(app, table);
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (!route.url.startsWith('/api/')) continue;
      const writes = !READS.has(method);
      const config = (route.config ?? {}) as Record<string, unknown>;
      const declares = writes ? writeDeclaration(config) : null;
      if (writes && declares === null) {
        throw new Error(
          `${method} ${route.url} writes but declares no permission, mission/evidence write ` +
            'level, self or public access in its config',
        );
      }
      const auth =
        config.auth === 'public'
          ? 'public'
          : config.auth === 'user' || config.permission !== undefined || config.mission
            ? 'user'
            : 'unset';
      table.push({ method, url: route.url, declares, auth, guard: guardOf(config) });
    }
  });
}

export function routeTable(app: FastifyInstance): readonly RouteEntry[] {
  return tables.get(app) ?? [];
}
