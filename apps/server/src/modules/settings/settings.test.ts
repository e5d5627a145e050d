import { ErrorBody, SETTINGS_DEFAULTS, Settings } from '@metamorph/contract';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAdmin } from '../../../test/auth-helpers.js';
import {
  DENIED_WITHOUT_PERMISSION,
  checkAuthzTable,
  makeActors,
  type Actors,
} from '../../../test/authz-kit.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { auditEvents } from '../../db/schema/index.js';

describe('settings', () => {
  let t: TestApp;
  let actors: Actors;
  beforeAll(async () => {
    t = await createTestApp();
    actors = await makeActors(t, 'admin.settings');
  });
  afterAll(async () => t.close());

  it('are seeded with the defaults', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/settings', headers: actors.admin });
    expect(res.statusCode).toBe(200);
    expect(Settings.parse(res.json())).toEqual(SETTINGS_DEFAULTS);
  });

  it('need admin.settings: route × actor table', async () => {
    const patch = {
      'session.idle_timeout_minutes': SETTINGS_DEFAULTS['session.idle_timeout_minutes'],
    };
    const gated = DENIED_WITHOUT_PERMISSION;
    await checkAuthzTable(t, actors, [
      {
        name: 'GET /api/settings',
        request: { method: 'GET', url: '/api/settings' },
        expect: { ...gated, admin: 200, token_scoped: 200 },
      },
      {
        name: 'PATCH /api/settings',
        request: { method: 'PATCH', url: '/api/settings', payload: patch },
        expect: { ...gated, admin: 200, token_scoped: 200 },
      },
    ]);
  });

  it('checks identity and permission before the payload (401 → 403 → 422)', async () => {
    const bad = { method: 'PATCH' as const, url: '/api/settings', payload: { nope: 1 } };
    expect((await t.app.inject({ ...bad, headers: actors.anonymous })).statusCode).toBe(401);
    expect((await t.app.inject({ ...bad, headers: actors.viewer })).statusCode).toBe(403);
    expect((await t.app.inject({ ...bad, headers: actors.admin })).statusCode).toBe(422);
  });

  it('refuses unknown keys and out-of-range values, naming them, and changes nothing', async () => {
    const before = await t.ctx.db.select().from(auditEvents);
    for (const [payload, path] of [
      [{ 'password.min_length': 6 }, 'body.password.min_length'],
      [{ 'login.max_failures': 'five' }, 'body.login.max_failures'],
      [{ 'mfa.required': true, bogus: 1 }, 'body'],
      [{ 'evidence.max_bytes': 2 * 1024 * 1024 * 1024 }, 'body.evidence.max_bytes'],
      [{ 'evidence.allowed_extensions': ['.exe'] }, 'body.evidence.allowed_extensions.0'],
      [{ 'evidence.allowed_extensions': [] }, 'body.evidence.allowed_extensions'],
      [{ 'opsec.levels': ['High Risk'] }, 'body.opsec.levels.0'],
      [{}, 'body'],
    ] as const) {
      const res = await t.app.inject({
        method: 'PATCH',
        url: '/api/settings',
        headers: actors.admin,
        payload,
      });
      expect(res.statusCode).toBe(422);
      expect(ErrorBody.parse(res.json()).errors?.map((e) => e.path)).toContain(path);
    }
    expect(await t.ctx.db.select().from(auditEvents)).toHaveLength(before.length);
    const now = await t.app.inject({ method: 'GET', url: '/api/settings', headers: actors.admin });
    expect(Settings.parse(now.json())).toEqual(SETTINGS_DEFAULTS);
  });

  it('saves a change, audits before/after of the changed keys only, and applies it', async () => {
    const admin = await loginAdmin(t);
    const res = await t.app.inject({
      method: 'PATCH',
      url: '/api/settings',
      headers: admin,
      payload: { 'password.min_length': 16, 'mfa.required': false },
    });
    expect(res.statusCode).toBe(200);
    expect(Settings.parse(res.json())['password.min_length']).toBe(16);
    const [row] = await t.ctx.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'settings.updated'));
    expect(row?.before).toEqual({ 'password.min_length': 12 });
    expect(row?.after).toEqual({ 'password.min_length': 16 });
    const change = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: admin,
      payload: { current_password: 'Correct-Horse-Battery-9', new_password: 'Only-14-chars!' },
    });
    expect(change.statusCode).toBe(422);
    expect(ErrorBody.parse(change.json()).detail).toMatch(/at least 16/);
  });
});
