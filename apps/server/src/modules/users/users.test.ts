import {
  CreatedUser,
  ErrorBody,
  LoginResponse,
  RoleList,
  User,
  UserList,
} from '@metamorph/contract';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADERS, loginAdmin, type Headers } from '../../../test/auth-helpers.js';
import { createUser } from '../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { auditEvents, users } from '../../db/schema/index.js';

describe('users admin API', () => {
  let t: TestApp;
  let admin: Headers;
  let roleId: Record<string, string>;

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: admin, ...(payload === undefined ? {} : { payload }) });
  const auditRows = (targetId: string, action?: string) =>
    t.ctx.db
      .select()
      .from(auditEvents)
      .where(
        action
          ? and(eq(auditEvents.targetId, targetId), eq(auditEvents.action, action))
          : eq(auditEvents.targetId, targetId),
      );
  const counts = async () => {
    const [u] = await t.ctx.db.select({ n: count() }).from(users);
    const [a] = await t.ctx.db.select({ n: count() }).from(auditEvents);
    return { users: u?.n, audit: a?.n };
  };
  const fieldsOf = (body: string) => ErrorBody.parse(JSON.parse(body)).errors?.map((e) => e.path);

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t);
    const res = await call('GET', '/api/roles');
    roleId = Object.fromEntries(
      RoleList.parse(res.json()).items.map((r) => [r.key ?? r.name, r.id]),
    );
  });
  afterAll(async () => t.close());

  it('creates a user with a generated password, shown once, that must be changed at first sign-in', async () => {
    const res = await call('POST', '/api/users', {
      email: '  New.Person@Example.TEST ',
      display_name: 'New Person',
      role_ids: [roleId.viewer],
    });
    expect(res.statusCode, res.body).toBe(201);
    const created = CreatedUser.parse(res.json());
    expect(created.user).toMatchObject({
      email: 'new.person@example.test',
      display_name: 'New Person',
      must_change_password: true,
      disabled: false,
      has_password: true,
    });
    expect(created.user.roles.map((r) => r.key)).toEqual(['viewer']);
    const password = created.initial_password ?? '';
    expect(password.length).toBeGreaterThanOrEqual(24);
    expect(res.body).not.toMatch(/argon2|password_hash/);

    const again = await call('GET', `/api/users/${created.user.id}`);
    expect(again.statusCode).toBe(200);
    expect(User.parse(again.json()).id).toBe(created.user.id);
    expect(again.body).not.toContain(password);

    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: CSRF_HEADERS,
      payload: { email: 'NEW.PERSON@example.test', password },
    });
    expect(login.statusCode, login.body).toBe(200);
    expect(LoginResponse.parse(login.json()).status).toBe('password_change_required');

    const [row] = await auditRows(created.user.id, 'user.created');
    expect(row?.actorEmail).toBe('root@metamorph.test');
    expect(row?.after).toMatchObject({
      email: 'new.person@example.test',
      display_name: 'New Person',
      must_change_password: true,
      password_source: 'generated',
      role_ids: [roleId.viewer],
      role_names: ['Viewer'],
    });
    expect(JSON.stringify(row)).not.toContain(password);
    expect(JSON.stringify(row)).not.toContain('$argon2');
  });

  it('a given password must pass the policy and is not echoed back', async () => {
    const base = { email: 'policy@example.test', display_name: 'Policy' };
    for (const password of ['short1!', 'policy@example.test', 'password1234']) {
      const res = await call('POST', '/api/users', { ...base, password });
      expect(res.statusCode, password).toBe(422);
      expect(fieldsOf(res.body)).toContain('body.password');
    }
    const huge = await call('POST', '/api/users', { ...base, password: 'x'.repeat(10_000) });
    expect(huge.statusCode).toBe(422);
    const ok = await call('POST', '/api/users', { ...base, password: 'Amber-Falcon-Quiet-88' });
    expect(ok.statusCode, ok.body).toBe(201);
    const created = CreatedUser.parse(ok.json());
    expect(created.initial_password).toBeNull();
    expect(created.user.must_change_password).toBe(true);
    const [row] = await auditRows(created.user.id, 'user.created');
    expect(row?.after).toMatchObject({ password_source: 'provided' });
    expect(JSON.stringify(row)).not.toContain('Amber-Falcon-Quiet-88');
  });

  it('a duplicate email, in any case, is 409 and creates nothing', async () => {
    const email = 'dup@example.test';
    expect((await call('POST', '/api/users', { email, display_name: 'A' })).statusCode).toBe(201);
    const before = await counts();
    const res = await call('POST', '/api/users', { email: 'DUP@Example.Test', display_name: 'B' });
    expect(res.statusCode).toBe(409);
    expect(await counts()).toEqual(before);
  });

  it('malformed and huge emails are 422 naming the field', async () => {
    const before = await counts();
    for (const email of ['not-an-email', `${'a'.repeat(300)}@example.test`, '', 42, 'a@b@c.test']) {
      const res = await call('POST', '/api/users', { email, display_name: 'X' } as object);
      expect(res.statusCode, String(email)).toBe(422);
      expect(fieldsOf(res.body)).toContain('body.email');
    }
    expect(await counts()).toEqual(before);
  });

  it('one unknown role id is 422 naming body.role_ids and creates no user and no audit row', async () => {
    const before = await counts();
    const res = await call('POST', '/api/users', {
      email: 'unknown-role@example.test',
      display_name: 'X',
      role_ids: [roleId.viewer, '00000000-0000-4000-8000-000000000000'],
    });
    expect(res.statusCode, res.body).toBe(422);
    expect(fieldsOf(res.body)).toEqual(['body.role_ids']);
    const malformed = await call('POST', '/api/users', {
      email: 'unknown-role@example.test',
      display_name: 'X',
      role_ids: ['nope'],
    });
    expect(malformed.statusCode).toBe(422);
    expect(fieldsOf(malformed.body)).toEqual(['body.role_ids.0']);
    expect(await counts()).toEqual(before);
  });

  it('lists by email with q, disabled and cursor paging', async () => {
    for (const n of [3, 1, 2]) {
      await createUser(t, { email: `pager-${n}@paging.test` });
    }
    await createUser(t, { email: 'pager-off@paging.test', disabled: true });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/users?q=PAGING.TEST&disabled=false&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await call('GET', url);
      expect(res.statusCode, res.body).toBe(200);
      const page = UserList.parse(res.json());
      seen.push(...page.items.map((u) => u.email));
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen).toEqual(['pager-1@paging.test', 'pager-2@paging.test', 'pager-3@paging.test']);
    const off = UserList.parse((await call('GET', '/api/users?disabled=true&q=pager')).json());
    expect(off.items.map((u) => u.email)).toEqual(['pager-off@paging.test']);
    const literal = UserList.parse((await call('GET', '/api/users?q=%25')).json());
    expect(literal.items).toEqual([]);
    expect((await call('GET', '/api/users?cursor=%%%')).statusCode).toBe(422);
    expect((await call('GET', '/api/users?limit=0')).statusCode).toBe(422);
  });

  it('unknown ids are 404, malformed ids 422', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await call('GET', `/api/users/${unknown}`)).statusCode).toBe(404);
    expect((await call('PATCH', `/api/users/${unknown}`, { display_name: 'x' })).statusCode).toBe(
      404,
    );
    expect((await call('POST', `/api/users/${unknown}/reset-password`, {})).statusCode).toBe(404);
    const bad = await call('GET', '/api/users/not-a-uuid');
    expect(bad.statusCode).toBe(422);
    expect(fieldsOf(bad.body)).toEqual(['params.id']);
  });

  it('PATCH audits only the changed fields; a duplicate email is 409; a no-op writes nothing', async () => {
    const u = await createUser(t);
    const other = await createUser(t);
    const res = await call('PATCH', `/api/users/${u.id}`, {
      display_name: 'Renamed',
      email: `Renamed-${u.email}`,
      disabled: false,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(User.parse(res.json())).toMatchObject({
      display_name: 'Renamed',
      email: `renamed-${u.email}`,
    });
    const rows = await auditRows(u.id);
    expect(rows.map((r) => r.action)).toEqual(['user.updated']);
    expect(rows[0]?.before).toEqual({ display_name: u.email.split('@')[0], email: u.email });
    expect(rows[0]?.after).toEqual({ display_name: 'Renamed', email: `renamed-${u.email}` });

    const dup = await call('PATCH', `/api/users/${u.id}`, { email: other.email.toUpperCase() });
    expect(dup.statusCode).toBe(409);
    expect(
      (await call('PATCH', `/api/users/${u.id}`, { display_name: 'Renamed' })).statusCode,
    ).toBe(200);
    expect((await call('PATCH', `/api/users/${u.id}`, {})).statusCode).toBe(422);
    expect(await auditRows(u.id)).toHaveLength(1);
  });

  it('a PATCH changing several things writes one user.updated event with all of them', async () => {
    const u = await createUser(t, { roleKeys: ['viewer'] });
    const rolesRes = await call('GET', '/api/roles');
    const red = (rolesRes.json() as { items: { id: string; key: string | null }[] }).items.find(
      (r) => r.key === 'red_operator',
    );
    const res = await call('PATCH', `/api/users/${u.id}`, {
      display_name: 'Multi',
      disabled: true,
      role_ids: [red?.id],
    });
    expect(res.statusCode, res.body).toBe(200);
    const rows = await auditRows(u.id);
    expect(rows.map((r) => r.action)).toEqual(['user.updated']);
    expect(Object.keys(rows[0]?.after ?? {}).sort()).toEqual([
      'disabled',
      'display_name',
      'role_ids',
      'role_names',
    ]);
    const single = await call('PATCH', `/api/users/${u.id}`, { disabled: false });
    expect(single.statusCode).toBe(200);
    expect((await auditRows(u.id, 'user.enabled')).length).toBe(1);
  });
});
