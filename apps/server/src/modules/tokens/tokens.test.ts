import { randomBytes } from 'node:crypto';
import {
  ApiTokenList,
  CreatedApiToken,
  ErrorBody,
  Me,
  PROBLEM_CONTENT_TYPE,
  type Permission,
} from '@metamorph/contract';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADERS, login, loginAdmin, type Headers } from '../../../test/auth-helpers.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { apiTokens, auditEvents, roles, userRoles, users } from '../../db/schema/index.js';
import { newId } from '../../platform/ids.js';
import { hashPassword } from '../../kernel/password.js';
import { hashToken } from '../../kernel/sessions.js';

const PASSWORD = 'Quiet-Meadow-Lantern-77';
let passwordHash: Promise<string> | undefined;

/** A user with one built-in role, inserted directly (independent of the users API). */
async function insertUser(t: TestApp, roleKey: string): Promise<{ id: string; email: string }> {
  passwordHash ??= hashPassword(PASSWORD);
  const id = newId();
  const email = `tok-${randomBytes(5).toString('hex')}@metamorph.test`;
  const now = t.clock.now();
  await t.ctx.db.insert(users).values({
    id,
    email,
    displayName: 'Token tester',
    passwordHash: await passwordHash,
    createdAt: now,
    updatedAt: now,
  });
  const [role] = await t.ctx.db.select().from(roles).where(eq(roles.key, roleKey));
  if (!role) throw new Error(`no built-in role ${roleKey}`);
  await t.ctx.db.insert(userRoles).values({ userId: id, roleId: role.id });
  return { id, email };
}

async function createToken(
  t: TestApp,
  session: Headers,
  payload: { name?: string; scopes: Permission[]; expires_in_days?: number },
): Promise<CreatedApiToken> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/me/tokens',
    headers: session,
    payload: { name: 'ci', ...payload },
  });
  expect(res.statusCode, res.body).toBe(201);
  return CreatedApiToken.parse(res.json());
}

const bearer = (secret: string): Headers => ({ authorization: `Bearer ${secret}` });

describe('API tokens', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  const me = (headers: Headers) => t.app.inject({ method: 'GET', url: '/api/auth/me', headers });
  const list = async (headers: Headers) => {
    const res = await t.app.inject({ method: 'GET', url: '/api/me/tokens', headers });
    expect(res.statusCode, res.body).toBe(200);
    return ApiTokenList.parse(res.json()).items;
  };

  it('a created token authenticates as the user, capped to its scopes', async () => {
    const admin = await loginAdmin(t);
    const created = await createToken(t, admin, { scopes: ['library.read', 'audit.read'] });
    expect(created.secret).toMatch(/^mmt_[A-Za-z0-9_-]{43}$/);
    expect(created.token.prefix).toBe(created.secret.slice(0, 12));
    expect(created.token.scopes).toEqual(['audit.read', 'library.read']);
    const days = Date.parse(created.token.expires_at) - Date.parse(created.token.created_at);
    expect(days).toBe(90 * 86_400_000);

    const res = await me(bearer(created.secret));
    expect(res.statusCode, res.body).toBe(200);
    const body = Me.parse(res.json());
    expect(body.auth.method).toBe('token');
    expect(body.auth.token_id).toBe(created.token.id);
    expect(body.permissions).toEqual(['audit.read', 'library.read']);

    const [row] = await t.ctx.db.select().from(apiTokens).where(eq(apiTokens.id, created.token.id));
    expect(row?.tokenHash).toBe(hashToken(created.secret));
    expect(JSON.stringify(row)).not.toContain(created.secret);
  });

  it('lists only my tokens, newest first, never the secret', async () => {
    const user = await insertUser(t, 'viewer');
    const session = await login(t, user.email, PASSWORD);
    const first = await createToken(t, session, { name: 'first', scopes: ['library.read'] });
    t.clock.advance(1_000);
    const second = await createToken(t, session, { name: 'second', scopes: ['library.read'] });
    const res = await t.app.inject({ method: 'GET', url: '/api/me/tokens', headers: session });
    expect(res.body).not.toContain(first.secret.slice(12));
    expect(res.body).not.toContain('secret');
    expect(res.body).not.toContain(hashToken(first.secret));
    const items = ApiTokenList.parse(res.json()).items;
    expect(items.map((i) => i.name)).toEqual(['second', 'first']);
    expect(items.map((i) => i.id)).toEqual([second.token.id, first.token.id]);
  });

  it('refuses scopes beyond my own permissions with 422 and stores nothing', async () => {
    const user = await insertUser(t, 'viewer');
    const session = await login(t, user.email, PASSWORD);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/me/tokens',
      headers: session,
      payload: { name: 'too much', scopes: ['library.read', 'admin.users'] },
    });
    expect(res.statusCode).toBe(422);
    const problem = ErrorBody.parse(res.json());
    expect(problem.errors?.[0]?.path).toBe('body.scopes');
    expect(problem.detail).toContain('admin.users');
    expect(problem.detail).not.toContain('library.read');
    const rows = await t.ctx.db.select().from(apiTokens).where(eq(apiTokens.userId, user.id));
    expect(rows).toEqual([]);
  });

  it('validates the payload: unknown permission, empty name, expiry range', async () => {
    const admin = await loginAdmin(t);
    const bad = [
      { name: 'x', scopes: ['root.everything'] },
      { name: '  ', scopes: ['library.read'] },
      { name: 'x', scopes: [] },
      { name: 'x', scopes: ['library.read'], expires_in_days: 0 },
      { name: 'x', scopes: ['library.read'], expires_in_days: 367 },
    ];
    for (const payload of bad) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/me/tokens',
        headers: admin,
        payload,
      });
      expect(res.statusCode, JSON.stringify(payload)).toBe(422);
    }
  });

  it('a token cannot mint tokens (403), and anonymous callers get 401', async () => {
    const admin = await loginAdmin(t);
    const created = await createToken(t, admin, { scopes: ['library.read'] });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/me/tokens',
      headers: bearer(created.secret),
      payload: { name: 'child', scopes: ['library.read'] },
    });
    expect(res.statusCode).toBe(403);
    expect(ErrorBody.parse(res.json()).detail).toMatch(/signed-in session/);
    for (const method of ['GET', 'POST'] as const) {
      const anon = await t.app.inject({
        method,
        url: '/api/me/tokens',
        headers: CSRF_HEADERS,
        payload: method === 'POST' ? { name: 'x', scopes: ['library.read'] } : undefined,
      });
      expect(anon.statusCode).toBe(401);
    }
  });

  it('a cookie session without the CSRF header cannot create a token', async () => {
    const admin = await loginAdmin(t);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/me/tokens',
      headers: { cookie: admin.cookie ?? '' },
      payload: { name: 'csrf', scopes: ['library.read'] },
    });
    expect(res.statusCode).toBe(403);
  });

  it('revoking ends the token at once; someone else’s token is 404', async () => {
    const admin = await loginAdmin(t);
    const created = await createToken(t, admin, { scopes: ['library.read'] });
    const other = await insertUser(t, 'viewer');
    const otherSession = await login(t, other.email, PASSWORD);
    const url = `/api/me/tokens/${created.token.id}`;

    const foreign = await t.app.inject({ method: 'DELETE', url, headers: otherSession });
    expect(foreign.statusCode).toBe(404);
    expect((await me(bearer(created.secret))).statusCode).toBe(200);

    const unknown = await t.app.inject({
      method: 'DELETE',
      url: `/api/me/tokens/${newId()}`,
      headers: admin,
    });
    expect(unknown.statusCode).toBe(404);
    const malformed = await t.app.inject({
      method: 'DELETE',
      url: '/api/me/tokens/not-a-uuid',
      headers: admin,
    });
    expect(malformed.statusCode).toBe(422);

    const del = await t.app.inject({ method: 'DELETE', url, headers: admin });
    expect(del.statusCode, del.body).toBe(204);
    const after = await me(bearer(created.secret));
    expect(after.statusCode).toBe(401);
    expect(after.headers['content-type']).toContain(PROBLEM_CONTENT_TYPE);
    const listed = (await list(admin)).find((i) => i.id === created.token.id);
    expect(listed?.revoked_at).toBe(t.clock.now().toISOString());

    const again = await t.app.inject({ method: 'DELETE', url, headers: admin });
    expect(again.statusCode).toBe(204);
    const audits = await t.ctx.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'api_token.revoked'),
          eq(auditEvents.targetId, created.token.id),
        ),
      );
    expect(audits).toHaveLength(1);
  });

  it('a token may revoke itself but not its siblings', async () => {
    const admin = await loginAdmin(t);
    const a = await createToken(t, admin, { scopes: ['library.read'] });
    const b = await createToken(t, admin, { scopes: ['library.read'] });
    const sibling = await t.app.inject({
      method: 'DELETE',
      url: `/api/me/tokens/${b.token.id}`,
      headers: bearer(a.secret),
    });
    expect(sibling.statusCode).toBe(403);
    const self = await t.app.inject({
      method: 'DELETE',
      url: `/api/me/tokens/${a.token.id}`,
      headers: bearer(a.secret),
    });
    expect(self.statusCode).toBe(204);
    expect((await me(bearer(a.secret))).statusCode).toBe(401);
    expect((await me(bearer(b.secret))).statusCode).toBe(200);
  });

  it('creation and revocation are audited without the secret or its hash', async () => {
    const admin = await loginAdmin(t);
    const created = await createToken(t, admin, { name: 'audited', scopes: ['library.read'] });
    await t.app.inject({
      method: 'DELETE',
      url: `/api/me/tokens/${created.token.id}`,
      headers: admin,
    });
    const rows = await t.ctx.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.targetId, created.token.id));
    expect(rows.map((r) => r.action).sort()).toEqual(['api_token.created', 'api_token.revoked']);
    const createdRow = rows.find((r) => r.action === 'api_token.created');
    expect(createdRow?.after).toMatchObject({ name: 'audited', scopes: ['library.read'] });
    expect(createdRow?.targetType).toBe('api_token');
    const text = JSON.stringify(rows);
    expect(text).not.toContain(created.secret);
    expect(text).not.toContain(created.secret.slice(4));
    expect(text).not.toContain(hashToken(created.secret));
  });

  it('stops working once the user is disabled', async () => {
    const user = await insertUser(t, 'viewer');
    const session = await login(t, user.email, PASSWORD);
    const created = await createToken(t, session, { scopes: ['library.read'] });
    expect((await me(bearer(created.secret))).statusCode).toBe(200);
    await t.ctx.db.update(users).set({ disabledAt: t.clock.now() }).where(eq(users.id, user.id));
    expect((await me(bearer(created.secret))).statusCode).toBe(401);
  });
});
