import { ErrorCode, type Permission, type RoleRef, type Settings } from '@metamorph/contract';
import fastifyCookie from '@fastify/cookie';
import { and, eq, isNull } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App, AppContext } from '../../context.js';
import { apiTokens } from '../../db/schema/index.js';
import type { AuditContext } from '../../platform/audit/audit.js';
import { requireActor, requireRoutePermission, type Actor } from '../../platform/authz.js';
import { DomainError, unauthenticated } from '../../platform/errors.js';
import { clearSessionCookie, cookiePolicy, setSessionCookie } from './cookies.js';
import { assertSameOrigin, isUnsafe } from './csrf.js';
import { findUserById, loadUserRoles, type UserRow } from '../../kernel/identity.repo.js';
import { SessionStore, hashToken, type SessionRow } from '../../kernel/sessions.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    session: SessionRow | null;
    mustChangePassword: boolean;
    /** `mfa.required` is on and this signed-in user has no second factor yet. */
    mfaEnrollmentRequired: boolean;
    /** What authentication already loaded, so handlers need not query it again. */
    identity: ResolvedIdentity | null;
    auditContext(): AuditContext;
  }
  interface FastifyContextConfig {
    /** `public`: no identity needed; `user`: any signed-in actor (default for /api with a permission unset: public). */
    auth?: 'public' | 'user';
    /**
     * The global permission the route needs, or a list of which any one will do (checked
     * before the body is validated).
     */
    permission?: Permission | readonly Permission[];
    /** Reachable while the user still has to change their password. */
    allowDuringPasswordChange?: boolean;
    /** Reachable while the user still has to set up MFA (routes allowed during a password change are too). */
    allowDuringMfaEnrollment?: boolean;
    /** Reachable with a session that still waits for its second factor (`POST /api/auth/mfa`). */
    allowMfaPending?: boolean;
    /** Apply the CSRF checks even without a session cookie (the login form). */
    csrfAlways?: boolean;
    /**
     * The route checks its own `Authorization` header (`/metrics` and its scrape token): no
     * user identity is resolved from it.
     */
    ownAuthorization?: boolean;
  }
}

export const API_TOKEN_PREFIX = 'mmt_';

export interface ResolvedIdentity {
  user: UserRow;
  roles: RoleRef[];
  settings: Settings;
}
const LAST_USED_EVERY_MS = 60_000;

/**
 * Resolves who is calling (Bearer token, else session cookie) on every request,
 * enforces CSRF for cookie writes, forced password changes and per-route permissions.
 */
export async function registerAuthentication(app: App, ctx: AppContext): Promise<void> {
  const cookies = cookiePolicy(ctx.env.publicUrl);
  const store = new SessionStore(ctx.db, ctx.clock);
  await app.register(fastifyCookie);

  app.decorateRequest('actor', null);
  app.decorateRequest('session', null);
  app.decorateRequest('mustChangePassword', false);
  app.decorateRequest('mfaEnrollmentRequired', false);
  app.decorateRequest('identity', null);
  app.decorateRequest('auditContext', function (this: FastifyRequest): AuditContext {
    return {
      actor: this.actor,
      ip: this.ip,
      userAgent: this.headers['user-agent'] ?? null,
      requestId: String(this.id),
    };
  });

  async function fromToken(request: FastifyRequest, header: string): Promise<Actor> {
    const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/i.exec(header);
    if (!match?.[1]) throw unauthenticated('The Authorization header must be "Bearer <API token>"');
    const now = ctx.clock.now();
    const [token] = await ctx.db
      .select()
      .from(apiTokens)
      .where(and(eq(apiTokens.tokenHash, hashToken(match[1])), isNull(apiTokens.revokedAt)));
    if (!token || token.expiresAt <= now)
      throw unauthenticated('The API token is invalid, expired or revoked');
    const user = await findUserById(ctx.db, token.userId);
    if (!user || user.disabledAt)
      throw unauthenticated('The API token is invalid, expired or revoked');
    const { roles, permissions } = await loadUserRoles(ctx.db, user.id);
    request.identity = { user, roles, settings: await ctx.settings.get() };
    const scopes = new Set(token.scopes);
    if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > LAST_USED_EVERY_MS) {
      await ctx.db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, token.id));
    }
    return {
      userId: user.id,
      email: user.email,
      displayName: user.displayName,
      permissions: new Set([...permissions].filter((p) => scopes.has(p))),
      via: 'token',
      sessionId: null,
      tokenId: token.id,
    };
  }

  async function fromCookie(request: FastifyRequest, reply: FastifyReply, token: string) {
    let session = await store.find(token);
    const user = session && (await findUserById(ctx.db, session.userId));
    if (!session || !user || user.disabledAt) {
      if (session) await store.revoke(ctx.db, session.id);
      clearSessionCookie(reply, cookies);
      return;
    }
    if (session.rotateRequired) {
      const rotated = await store.rotate(ctx.db, session);
      session = rotated.session;
      setSessionCookie(reply, cookies, rotated.token, session.expiresAt);
    }
    const settings = await ctx.settings.get();
    await store.touch(session, settings['session.idle_timeout_minutes']);
    request.session = session;
    if (session.stage !== 'full') return;
    const { roles, permissions } = await loadUserRoles(ctx.db, user.id);
    request.identity = { user, roles, settings };
    request.mustChangePassword = user.mustChangePassword;
    // SSO-only accounts (no local password) get their second factor from the provider.
    request.mfaEnrollmentRequired =
      settings['mfa.required'] && user.totpEnabledAt === null && user.passwordHash !== null;
    request.actor = {
      userId: user.id,
      email: user.email,
      displayName: user.displayName,
      permissions,
      via: 'session',
      sessionId: session.id,
      tokenId: null,
    };
  }

  app.addHook('onRequest', async (request, reply) => {
    const config = request.routeOptions.config;
    if (config.ownAuthorization) return;
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      request.actor = await fromToken(request, authorization);
      return;
    }
    const token = request.cookies[cookies.name];
    if (token) await fromCookie(request, reply, token);
    if (isUnsafe(request.method) && (token || config.csrfAlways)) {
      assertSameOrigin(request, ctx.env.publicUrl);
    }
    if (
      request.session?.stage === 'mfa_pending' &&
      !config.allowMfaPending &&
      (config.auth === 'user' || config.permission !== undefined)
    ) {
      throw new DomainError(
        ErrorCode.MfaRequired,
        'Enter the code from your authenticator app to finish signing in (POST /api/auth/mfa)',
      );
    }
    if (
      request.mustChangePassword &&
      !config.allowDuringPasswordChange &&
      request.url.startsWith('/api/')
    ) {
      throw new DomainError(
        ErrorCode.PasswordChangeRequired,
        'Change your password before doing anything else (POST /api/auth/password)',
      );
    }
    if (
      request.mfaEnrollmentRequired &&
      !config.allowDuringPasswordChange &&
      !config.allowDuringMfaEnrollment &&
      request.url.startsWith('/api/')
    ) {
      throw new DomainError(
        ErrorCode.MfaEnrollmentRequired,
        'Two-factor authentication is required: set it up before doing anything else (POST /api/me/mfa/enroll)',
      );
    }
  });

  // Identity and permission come before payload validation (401 → 403 → 422). A mission
  // route checks its permission after the mission's visibility (401 → 404 → 403): the
  // mission guard does that, so a non-member never learns the mission exists.
  app.addHook('preValidation', async (request) => {
    const config = request.routeOptions.config;
    if (config.mission) requireActor(request.actor);
    else if (config.permission) requireRoutePermission(request.actor, config.permission);
    else if (config.auth === 'user') requireActor(request.actor);
  });
}
