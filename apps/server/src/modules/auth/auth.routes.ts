import {
  ChangePasswordRequest,
  IdParams,
  LoginRequest,
  LoginResponse,
  LogoutRequest,
  Me,
  SessionList,
} from '@metamorph/contract';
import type { App, AppContext } from '../../context.js';
import { appendAudit } from '../../platform/audit/audit.js';
import { requireActor } from '../../platform/authz.js';
import { forbidden, notFound } from '../../platform/errors.js';
import type { AuthService } from './auth.service.js';
import { clearSessionCookie, cookiePolicy, setSessionCookie } from './cookies.js';

export function authRoutes(app: App, ctx: AppContext, auth: AuthService): void {
  const cookies = cookiePolicy(ctx.env.publicUrl);
  const tags = ['auth'];

  app.post(
    '/api/auth/login',
    {
      config: { auth: 'public', csrfAlways: true, allowDuringPasswordChange: true },
      schema: {
        tags,
        summary: 'Sign in with email and password; sets the session cookie',
        body: LoginRequest,
        response: { 200: LoginResponse },
      },
    },
    async (request, reply) => {
      const { response, session } = await auth.login(
        request.auditContext(),
        request.body,
        request.session,
      );
      setSessionCookie(reply, cookies, session.token, session.session.expiresAt);
      return response;
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { auth: 'public', allowDuringPasswordChange: true },
      schema: {
        tags,
        summary: 'End this session, or every session of the user with {"everywhere": true}',
        body: LogoutRequest.nullish(),
      },
    },
    async (request, reply) => {
      await auth.logout(request.auditContext(), request.session, request.body?.everywhere ?? false);
      clearSessionCookie(reply, cookies);
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/auth/me',
    {
      config: { auth: 'user', allowDuringPasswordChange: true },
      schema: {
        tags,
        summary: 'Who am I: profile, roles, effective permissions',
        response: { 200: Me },
      },
    },
    async (request) => auth.me(requireActor(request.actor), request.session, request.identity),
  );

  app.post(
    '/api/auth/password',
    {
      config: { auth: 'user', self: true, allowDuringPasswordChange: true },
      schema: {
        tags,
        summary: 'Change my password; other sessions end, this one gets a new id',
        body: ChangePasswordRequest,
        response: { 200: Me },
      },
    },
    async (request, reply) => {
      const rotated = await auth.changePassword(
        request.auditContext(),
        request.session,
        request.body,
      );
      setSessionCookie(reply, cookies, rotated.token, rotated.session.expiresAt);
      return auth.me(requireActor(request.actor), rotated.session);
    },
  );

  app.get(
    '/api/me/sessions',
    {
      config: { auth: 'user' },
      schema: { tags: ['me'], summary: 'My signed-in sessions', response: { 200: SessionList } },
    },
    async (request) => {
      const actor = requireActor(request.actor);
      const rows = await auth.sessions.listForUser(actor.userId);
      return {
        items: rows
          .sort((a, b) => b.lastSeenAt.getTime() - a.lastSeenAt.getTime())
          .map((s) => ({
            id: s.id,
            created_at: s.createdAt.toISOString(),
            last_seen_at: s.lastSeenAt.toISOString(),
            expires_at: (s.idleExpiresAt < s.expiresAt
              ? s.idleExpiresAt
              : s.expiresAt
            ).toISOString(),
            ip: s.ip,
            user_agent: s.userAgent,
            current: s.id === actor.sessionId,
          })),
      };
    },
  );

  app.delete(
    '/api/me/sessions/:id',
    {
      config: { auth: 'user', self: true },
      schema: { tags: ['me'], summary: 'End one of my sessions', params: IdParams },
    },
    async (request, reply) => {
      const actor = requireActor(request.actor);
      if (actor.via !== 'session') throw forbidden('Sessions are managed from a signed-in session');
      const mine = await auth.sessions.listForUser(actor.userId);
      if (!mine.some((s) => s.id === request.params.id)) throw notFound('Session');
      await ctx.db.transaction(async (tx) => {
        await auth.sessions.revoke(tx, request.params.id);
        await appendAudit(tx, ctx.clock, request.auditContext(), {
          action: 'session.revoked',
          targetId: request.params.id,
        });
      });
      if (request.params.id === actor.sessionId) clearSessionCookie(reply, cookies);
      return reply.code(204).send();
    },
  );
}
