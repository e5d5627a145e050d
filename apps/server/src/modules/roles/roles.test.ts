import {
  ErrorBody,
  Me,
  PERMISSION_CATALOGUE,
  PermissionList,
  Role,
  RoleList,
} from '@metamorph/contract';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADERS, login, loginAdmin, type Headers } from '../../../test/auth-helpers.js';
import { createUser } from '../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { auditEvents, roles as rolesTable } from '../../db/schema/index.js';

const SESSION = 'metamorph_session';

describe('roles admin API', () => {
  let t: TestApp;
  let admin: Headers;
  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: admin, ...(payload ? { payload } : {}) });
  const list = async () => RoleList.parse((await call('GET', '/api/roles')).json()).items;
  const audit = (targetId: string, action: string) =>
    t.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, targetId), eq(auditEvents.action, action)));
  const counts = async () => ({
    roles: (await t.ctx.db.select({ n: count() }).from(rolesTable))[0]?.n,
    audit: (await t.ctx.db.select({ n: count() }).from(auditEvents))[0]?.n,
  });

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t);
  });
  afterAll(async () => t.close());

  it('lists the built-in roles with their user counts', async () => {
    const items = await list();
    const adminRole = items.find((r) => r.key === 'admin');
    expect(adminRole).toMatchObject({ builtin: true, user_count: 1, name: 'Admin' });
    expect(adminRole?.permissions).toEqual(Object.keys(PERMISSION_CATALOGUE));
    expect(items.map((r) => r.key).sort()).toEqual(
      ['admin', 'blue_analyst', 'purple_lead', 'red_operator', 'viewer'].sort(),
    );
  });

  it('creates a role (name unique case-insensitively), audited', async () => {
    const res = await call('POST', '/api/roles', {
      name: 'Threat hunters',
      description: 'Hunt',
      permissions: ['library.read', 'mission.write_blue_fields', 'library.read'],
    });
    expect(res.statusCode, res.body).toBe(201);
    const role = Role.parse(res.json());
    expect(role).toMatchObject({ key: null, builtin: false, user_count: 0 });
    expect(role.permissions).toEqual(['library.read', 'mission.write_blue_fields']);
    const [row] = await audit(role.id, 'role.created');
    expect(row?.after).toEqual({
      name: 'Threat hunters',
      description: 'Hunt',
      permissions: ['library.read', 'mission.write_blue_fields'],
    });
    const before = await counts();
    const dup = await call('POST', '/api/roles', { name: ' THREAT HUNTERS ', permissions: [] });
    expect(dup.statusCode).toBe(409);
    const bad = await call('POST', '/api/roles', { name: 'Bad', permissions: ['root.everything'] });
    expect(bad.statusCode).toBe(422);
    expect(ErrorBody.parse(bad.json()).errors?.[0]?.path).toBe('body.permissions.0');
    expect((await call('POST', '/api/roles', { name: '', permissions: [] })).statusCode).toBe(422);
    expect(await counts()).toEqual(before);
  });

  it('the Admin role keeps every permission; other changes are audited with changed fields only', async () => {
    const adminRole = (await list()).find((r) => r.key === 'admin');
    const narrow = await call('PATCH', `/api/roles/${adminRole?.id}`, {
      permissions: ['admin.users', 'admin.roles'],
    });
    expect(narrow.statusCode).toBe(409);
    expect(ErrorBody.parse(narrow.json()).detail).toMatch(/Admin role/);
    const viewer = (await list()).find((r) => r.key === 'viewer');
    const res = await call('PATCH', `/api/roles/${viewer?.id}`, {
      description: 'Reads things',
      permissions: ['library.read', 'report.export'],
    });
    expect(res.statusCode, res.body).toBe(200);
    const [row] = await audit(viewer?.id ?? '', 'role.updated');
    expect(row?.before).toEqual({
      description: 'Reads missions they are members of',
      permissions: ['library.read'],
    });
    expect(row?.after).toEqual({
      description: 'Reads things',
      permissions: ['library.read', 'report.export'],
    });
    const taken = await call('PATCH', `/api/roles/${viewer?.id}`, { name: 'admin' });
    expect(taken.statusCode).toBe(409);
  });

  it("changing a role's permissions rotates the sessions of its users", async () => {
    const role = Role.parse(
      (
        await call('POST', '/api/roles', { name: 'Rotators', permissions: ['library.read'] })
      ).json(),
    );
    const u = await createUser(t);
    expect((await call('PATCH', `/api/users/${u.id}`, { role_ids: [role.id] })).statusCode).toBe(
      200,
    );
    const old = await login(t, u.email, u.password);
    const res = await call('PATCH', `/api/roles/${role.id}`, {
      permissions: ['library.read', 'report.export'],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(Role.parse(res.json()).user_count).toBe(1);
    const next = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: old });
    expect(next.statusCode).toBe(200);
    expect(Me.parse(next.json()).permissions).toContain('report.export');
    const fresh = next.cookies.find((c) => c.name === SESSION)?.value;
    expect(fresh).toBeTruthy();
    expect(old.cookie).not.toBe(`${SESSION}=${fresh}`);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: old })).statusCode,
    ).toBe(401);
    const renewed = { ...CSRF_HEADERS, cookie: `${SESSION}=${fresh}` };
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: renewed })).statusCode,
    ).toBe(200);
  });

  it('deletes only unassigned custom roles; unknown 404, malformed 422', async () => {
    const viewer = (await list()).find((r) => r.key === 'viewer');
    const builtin = await call('DELETE', `/api/roles/${viewer?.id}`);
    expect(builtin.statusCode).toBe(409);
    const role = Role.parse(
      (await call('POST', '/api/roles', { name: 'Temp', permissions: ['library.read'] })).json(),
    );
    const u = await createUser(t);
    await call('PATCH', `/api/users/${u.id}`, { role_ids: [role.id] });
    const held = await call('DELETE', `/api/roles/${role.id}`);
    expect(held.statusCode).toBe(409);
    expect(ErrorBody.parse(held.json()).context).toEqual({ user_count: 1 });
    await call('PATCH', `/api/users/${u.id}`, { role_ids: [] });
    const gone = await call('DELETE', `/api/roles/${role.id}`);
    expect(gone.statusCode, gone.body).toBe(204);
    const [row] = await audit(role.id, 'role.deleted');
    expect(row?.before).toEqual({ name: 'Temp', description: '', permissions: ['library.read'] });
    expect((await call('DELETE', `/api/roles/${role.id}`)).statusCode).toBe(404);
    expect((await call('PATCH', `/api/roles/${role.id}`, { name: 'x' })).statusCode).toBe(404);
    expect((await call('DELETE', '/api/roles/123')).statusCode).toBe(422);
    expect((await call('PATCH', '/api/roles/123', { name: 'x' })).statusCode).toBe(422);
  });

  it('GET /api/permissions gives the catalogue with descriptions to any signed-in user', async () => {
    const anon = await t.app.inject({ method: 'GET', url: '/api/permissions' });
    expect(anon.statusCode).toBe(401);
    const u = await createUser(t);
    const h = await login(t, u.email, u.password);
    const res = await t.app.inject({ method: 'GET', url: '/api/permissions', headers: h });
    expect(res.statusCode).toBe(200);
    const items = PermissionList.parse(res.json()).items;
    expect(Object.fromEntries(items.map((i) => [i.key, i.description]))).toEqual(
      PERMISSION_CATALOGUE,
    );
  });
});
