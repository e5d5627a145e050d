import { randomBytes } from 'node:crypto';
import { AuditPage, ErrorBody, PERMISSIONS, type AuditEvent } from '@metamorph/contract';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CSRF_HEADERS,
  login,
  loginAdmin,
  tokenHeaders,
  type Headers,
} from '../../../test/auth-helpers.js';
import { TEST_ADMIN, createTestApp, type TestApp } from '../../../test/harness.js';
import { roles, userRoles, users } from '../../db/schema/index.js';
import { newId } from '../../platform/ids.js';
import { hashPassword } from '../../kernel/password.js';

const PASSWORD = 'Amber-Harbour-Signal-31';

/** A viewer (no audit.read), inserted directly (independent of the users API). */
async function insertViewer(t: TestApp): Promise<{ id: string; email: string }> {
  const id = newId();
  const email = `audit-${randomBytes(5).toString('hex')}@metamorph.test`;
  const now = t.clock.now();
  await t.ctx.db.insert(users).values({
    id,
    email,
    displayName: 'Audit viewer',
    passwordHash: await hashPassword(PASSWORD),
    createdAt: now,
    updatedAt: now,
  });
  const [viewer] = await t.ctx.db.select().from(roles).where(eq(roles.key, 'viewer'));
  if (!viewer) throw new Error('no viewer role');
  await t.ctx.db.insert(userRoles).values({ userId: id, roleId: viewer.id });
  return { id, email };
}

describe('GET /api/audit', () => {
  let t: TestApp;
  let admin: Headers;
  let adminId: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t);
    const [row] = await t.ctx.db.select().from(users).where(eq(users.email, TEST_ADMIN.email));
    adminId = row?.id ?? '';
  });
  afterAll(async () => t.close());

  async function search(query: Record<string, string>, headers = admin): Promise<AuditPage> {
    const qs = new URLSearchParams(query).toString();
    const res = await t.app.inject({ method: 'GET', url: `/api/audit?${qs}`, headers });
    expect(res.statusCode, res.body).toBe(200);
    return AuditPage.parse(res.json());
  }

  it('records successful and failed logins, never the password', async () => {
    const wrong = 'Not-The-Right-Password-123';
    const failed = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: CSRF_HEADERS,
      payload: { email: TEST_ADMIN.email, password: wrong },
    });
    expect(failed.statusCode).toBe(401);
    const ok = await search({ action: 'auth.login_succeeded', target_id: adminId });
    expect(ok.items.length).toBeGreaterThanOrEqual(1);
    expect(ok.items[0]?.actor_email).toBe(TEST_ADMIN.email);
    const bad = await search({ action: 'auth.login_failed' });
    expect(bad.items).toHaveLength(1);
    const event = bad.items[0] as AuditEvent;
    expect(event.target_id).toBe(adminId);
    expect(event.after).toEqual({ reason: 'bad_credentials' });
    expect(event.before).toBeNull();
    expect(event.request_id).toBeTruthy();
    const all = JSON.stringify((await search({ limit: '500' })).items);
    expect(all).not.toContain(wrong);
    expect(all).not.toContain(TEST_ADMIN.password);
  });

  it('filters by action, actor, target, mission and time', async () => {
    const before = t.clock.now();
    t.clock.advance(60_000);
    const from = t.clock.now().toISOString();
    const { tokenId } = await tokenHeaders(t, admin, ['library.read'], 'filter me');
    t.clock.advance(60_000);
    const to = t.clock.now().toISOString();
    await tokenHeaders(t, admin, ['library.read'], 'later');

    const byTarget = await search({ target_type: 'api_token', target_id: tokenId });
    expect(byTarget.items.map((e) => e.action)).toEqual(['api_token.created']);
    expect(byTarget.items[0]?.actor_user_id).toBe(adminId);

    const byActor = await search({ actor: adminId, action: 'api_token.created' });
    expect(byActor.items.length).toBeGreaterThanOrEqual(2);
    expect(byActor.items.every((e) => e.actor_user_id === adminId)).toBe(true);

    const inWindow = await search({ action: 'api_token.created', from, to });
    expect(inWindow.items.map((e) => e.target_id)).toEqual([tokenId]);
    const sinceBefore = await search({ action: 'api_token.created', from: before.toISOString() });
    expect(sinceBefore.items).toHaveLength(2);
    // Any ISO form with an offset is accepted for the time range.
    const offset = await search({ action: 'api_token.created', from: '2000-01-01T01:00:00+01:00' });
    expect(offset.items.length).toBeGreaterThanOrEqual(2);

    expect((await search({ actor: newId() })).items).toEqual([]);
    expect((await search({ mission: newId() })).items).toEqual([]);
  });

  it('pages newest first with a cursor, without repeats or gaps', async () => {
    for (let i = 0; i < 7; i++) await tokenHeaders(t, admin, ['library.read'], `page ${i}`);
    const all = await search({ action: 'api_token.created', limit: '500' });
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: Record<string, string> = { action: 'api_token.created', limit: '3' };
      if (cursor) query.cursor = cursor;
      const page = await search(query);
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((e) => e.seq));
      cursor = page.next_cursor;
      pages++;
    } while (cursor && pages < 20);
    expect(seen).toEqual(all.items.map((e) => e.seq));
    expect(seen.length).toBeGreaterThanOrEqual(9);
    expect([...seen].sort((a, b) => b - a)).toEqual(seen);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('rejects bad filters with 422 naming the parameter', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ cursor: 'abc' }, 'querystring.cursor'],
      [{ action: 'user.teleported' }, 'querystring.action'],
      [{ from: 'yesterday' }, 'querystring.from'],
      [{ actor: 'bob' }, 'querystring.actor'],
      [{ limit: '0' }, 'querystring.limit'],
    ];
    for (const [query, path] of cases) {
      const res = await t.app.inject({ method: 'GET', url: '/api/audit', query, headers: admin });
      expect(res.statusCode, JSON.stringify(query)).toBe(422);
      expect(ErrorBody.parse(res.json()).errors?.map((e) => e.path)).toContain(path);
    }
  });

  it('needs audit.read: anonymous 401, viewer 403, admin 200, tokens by scope', async () => {
    const viewer = await insertViewer(t);
    const viewerSession = await login(t, viewer.email, PASSWORD);
    const scoped = await tokenHeaders(t, admin, ['audit.read'], 'auditor');
    const unscoped = await tokenHeaders(
      t,
      admin,
      PERMISSIONS.filter((p) => p !== 'audit.read'),
      'everything but audit',
    );
    const actors: [string, Headers, number][] = [
      ['anonymous', {}, 401],
      ['viewer', viewerSession, 403],
      ['admin', admin, 200],
      ['token with audit.read', { authorization: scoped.authorization ?? '' }, 200],
      ['admin token without audit.read', { authorization: unscoped.authorization ?? '' }, 403],
    ];
    for (const url of ['/api/audit', '/api/audit/verify', '/api/audit?action=nonsense']) {
      for (const [name, headers, status] of actors) {
        const res = await t.app.inject({ method: 'GET', url, headers });
        // Identity and permission are checked before the query is validated.
        const expected = url.includes('nonsense') && status === 200 ? 422 : status;
        expect(res.statusCode, `${url} as ${name}`).toBe(expected);
      }
    }
  });

  it('verifies the chain over HTTP', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/audit/verify', headers: admin });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ ok: boolean; checked: number }>();
    expect(body.ok).toBe(true);
    const { items } = await search({ limit: '1' });
    expect(body.checked).toBe(items[0]?.seq);
  });
});
