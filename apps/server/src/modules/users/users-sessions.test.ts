import {
  ErrorBody,
  Me,
  ResetPasswordResponse,
  RoleList,
  type Permission,
} from '@metamorph/contract';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CSRF_HEADERS,
  login,
  loginAdmin,
  tokenHeaders,
  type Headers,
} from '../../../test/auth-helpers.js';
import { createUser } from '../../../test/factories.js';
import { createTestApp } from '../../../test/harness.js';
import { auditEvents, userRoles } from '../../db/schema/index.js';

const SESSION = 'metamorph_session';

async function setup() {
  const t = await createTestApp();
  const admin = await loginAdmin(t);
  const res = await t.app.inject({ method: 'GET', url: '/api/roles', headers: admin });
  const roles = RoleList.parse(res.json()).items;
  const roleId = Object.fromEntries(roles.map((r) => [r.key ?? r.name, r.id]));
  const as = (headers: Headers) => ({
    get: (url: string) => t.app.inject({ method: 'GET', url, headers }),
    post: (url: string, payload: unknown = {}) =>
      t.app.inject({ method: 'POST', url, headers, payload: payload as object }),
    patch: (url: string, payload: unknown) =>
      t.app.inject({ method: 'PATCH', url, headers, payload: payload as object }),
  });
  const auditCount = async () => (await t.ctx.db.select({ n: count() }).from(auditEvents))[0]?.n;
  return { t, admin, roleId, as, auditCount };
}

describe('disabling, role changes and password resets act on live sessions', () => {
  let s: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    s = await setup();
  });
  afterAll(async () => s.t.close());

  it("disabling ends the user's session and API token at once; enabling lets them back in", async () => {
    const { t, admin, as } = s;
    const u = await createUser(t, { roleKeys: ['viewer'] });
    const session = await login(t, u.email, u.password);
    const token = await tokenHeaders(t, session, ['library.read']);
    const bearer: Headers = { authorization: token.authorization ?? '' };
    expect((await as(session).get('/api/auth/me')).statusCode).toBe(200);
    expect((await as(bearer).get('/api/auth/me')).statusCode).toBe(200);

    const off = await as(admin).patch(`/api/users/${u.id}`, { disabled: true });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json()).toMatchObject({ disabled: true });
    expect((await as(session).get('/api/auth/me')).statusCode).toBe(401);
    expect((await as(bearer).get('/api/auth/me')).statusCode).toBe(401);
    const denied = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: CSRF_HEADERS,
      payload: { email: u.email, password: u.password },
    });
    expect(denied.statusCode).toBe(403);
    expect(ErrorBody.parse(denied.json()).code).toBe('account_disabled');

    const on = await as(admin).patch(`/api/users/${u.id}`, { disabled: false });
    expect(on.statusCode).toBe(200);
    expect((await as(await login(t, u.email, u.password)).get('/api/auth/me')).statusCode).toBe(
      200,
    );
    const rows = await t.ctx.db.select().from(auditEvents).where(eq(auditEvents.targetId, u.id));
    const byAction = Object.fromEntries(rows.map((r) => [r.action, r]));
    expect(byAction['user.disabled']).toMatchObject({
      before: { disabled: false },
      after: { disabled: true },
    });
    expect(byAction['user.enabled']).toMatchObject({
      before: { disabled: true },
      after: { disabled: false },
    });
  });

  it('a role change gives the user a new session id: the old cookie stops working', async () => {
    const { t, admin, roleId, as } = s;
    const u = await createUser(t, { roleKeys: ['viewer'] });
    const old = await login(t, u.email, u.password);
    const res = await as(admin).patch(`/api/users/${u.id}`, {
      role_ids: [roleId.viewer, roleId.red_operator],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().roles.map((r: { key: string }) => r.key)).toEqual(['red_operator', 'viewer']);

    const next = await as(old).get('/api/auth/me');
    expect(next.statusCode).toBe(200);
    const fresh = next.cookies.find((c) => c.name === SESSION);
    expect(fresh?.value).toBeTruthy();
    expect(`${SESSION}=${fresh?.value}`).not.toBe(old.cookie);
    expect(Me.parse(next.json()).permissions).toContain<Permission>('mission.write_red_fields');
    expect((await as(old).get('/api/auth/me')).statusCode).toBe(401);
    const renewed = { ...CSRF_HEADERS, cookie: `${SESSION}=${fresh?.value}` };
    const after = await as(renewed).get('/api/auth/me');
    expect(after.statusCode).toBe(200);
    expect(after.cookies.find((c) => c.name === SESSION)).toBeUndefined();

    const [row] = await t.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, u.id), eq(auditEvents.action, 'user.roles_changed')));
    expect(row?.action).toBe('user.roles_changed');
    expect(row?.before).toEqual({ role_ids: [roleId.viewer], role_names: ['Viewer'] });
    expect((row?.after as { role_ids: string[] }).role_ids.sort()).toEqual(
      [roleId.viewer, roleId.red_operator].sort(),
    );
  });

  it('a password reset forces a change, ends the sessions and never audits the password', async () => {
    const { t, admin, as } = s;
    const u = await createUser(t, { roleKeys: ['viewer'] });
    const session = await login(t, u.email, u.password);
    const res = await as(admin).post(`/api/users/${u.id}/reset-password`);
    expect(res.statusCode, res.body).toBe(200);
    const reset = ResetPasswordResponse.parse(res.json());
    expect(reset.user.must_change_password).toBe(true);
    const password = reset.initial_password ?? '';
    expect(password.length).toBeGreaterThanOrEqual(24);
    expect((await as(session).get('/api/auth/me')).statusCode).toBe(401);
    const fresh = await login(t, u.email, password);
    const blocked = await as(fresh).get('/api/permissions');
    expect(ErrorBody.parse(blocked.json()).code).toBe('password_change_required');

    const bodyless = await t.app.inject({
      method: 'POST',
      url: `/api/users/${u.id}/reset-password`,
      headers: admin,
    });
    expect(bodyless.statusCode, bodyless.body).toBe(200);
    const weak = await as(admin).post(`/api/users/${u.id}/reset-password`, { password: 'short' });
    expect(weak.statusCode).toBe(422);
    const given = await as(admin).post(`/api/users/${u.id}/reset-password`, {
      password: 'Cobalt-Meadow-Lynx-31',
    });
    expect(given.statusCode).toBe(200);
    expect(ResetPasswordResponse.parse(given.json()).initial_password).toBeNull();
    const rows = await t.ctx.db.select().from(auditEvents).where(eq(auditEvents.targetId, u.id));
    const resets = rows.filter((r) => r.action === 'user.password_reset');
    expect(resets).toHaveLength(3);
    expect(resets[0]?.after).toEqual({ must_change_password: true, password_source: 'generated' });
    expect(JSON.stringify(rows)).not.toContain(password);
    expect(JSON.stringify(rows)).not.toContain('Cobalt-Meadow-Lynx-31');
    expect(JSON.stringify(rows)).not.toContain('$argon2');

    const me = await as(admin).get('/api/auth/me');
    const self = await as(admin).post(`/api/users/${Me.parse(me.json()).id}/reset-password`);
    expect(self.statusCode).toBe(409);
  });
});

describe('the last administrator cannot be removed', () => {
  let s: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    s = await setup();
  });
  afterAll(async () => s.t.close());

  it('nobody disables themselves or removes the last holder of admin.users / admin.roles', async () => {
    const { t, admin, roleId, as, auditCount } = s;
    const rootId = Me.parse((await as(admin).get('/api/auth/me')).json()).id;
    const rolesOfRoot = () => t.ctx.db.select().from(userRoles).where(eq(userRoles.userId, rootId));

    const before = await auditCount();
    const demote = await as(admin).patch(`/api/users/${rootId}`, { role_ids: [] });
    expect(demote.statusCode, demote.body).toBe(409);
    expect(ErrorBody.parse(demote.json()).detail).toMatch(/no enabled user holding admin\.users/);
    const selfDisable = await as(admin).patch(`/api/users/${rootId}`, { disabled: true });
    expect(selfDisable.statusCode).toBe(409);
    expect(ErrorBody.parse(selfDisable.json()).detail).toMatch(/your own account/);
    expect(await rolesOfRoot()).toEqual([{ userId: rootId, roleId: roleId.admin }]);
    expect(await auditCount()).toBe(before);
    expect((await as(admin).get('/api/auth/me')).statusCode).toBe(200);

    // Hand both admin permissions to a custom role held by one other user.
    const role = await as(admin).post('/api/roles', {
      name: 'Account admins',
      permissions: ['admin.users', 'admin.roles'],
    });
    expect(role.statusCode, role.body).toBe(201);
    const customId = (role.json() as { id: string }).id;
    const x = await createUser(t);
    expect((await as(admin).patch(`/api/users/${x.id}`, { role_ids: [customId] })).statusCode).toBe(
      200,
    );
    expect((await as(admin).patch(`/api/users/${rootId}`, { role_ids: [] })).statusCode).toBe(200);

    const xh = await login(t, x.email, x.password);
    const narrow = await as(xh).patch(`/api/roles/${customId}`, { permissions: ['admin.users'] });
    expect(narrow.statusCode, narrow.body).toBe(409);
    expect(ErrorBody.parse(narrow.json()).detail).toMatch(/admin\.roles/);
    expect((await as(xh).patch(`/api/users/${x.id}`, { role_ids: [] })).statusCode).toBe(409);
    expect((await as(xh).patch(`/api/users/${x.id}`, { disabled: true })).statusCode).toBe(409);
    // x cannot hand the Admin role back: it carries permissions x's account lacks.
    expect(
      (await as(xh).patch(`/api/users/${rootId}`, { role_ids: [roleId.admin] })).statusCode,
    ).toBe(403);
  });
});
