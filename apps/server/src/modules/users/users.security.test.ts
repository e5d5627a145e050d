import { CreatedUser, Me, Role, RoleList } from '@metamorph/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, loginAdmin, type Headers } from '../../../test/auth-helpers.js';
import {
  DENIED_WITHOUT_PERMISSION,
  checkAuthzTable,
  makeActors,
  type Actors,
} from '../../../test/authz-kit.js';
import { createUser } from '../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';

describe('users API: route × actor', () => {
  let t: TestApp;
  let actors: Actors;
  beforeAll(async () => {
    t = await createTestApp();
    actors = await makeActors(t, 'admin.users');
  });
  afterAll(async () => t.close());

  const denied = DENIED_WITHOUT_PERMISSION;

  it('every route: 401 anonymous, 403 without admin.users (token scopes too), 2xx with it', async () => {
    const target = await createUser(t, { roleKeys: [] });
    await checkAuthzTable(t, actors, [
      {
        name: 'GET /api/users',
        request: { method: 'GET', url: '/api/users' },
        expect: { ...denied, admin: 200, token_scoped: 200 },
      },
      {
        name: 'GET /api/users/:id',
        request: { method: 'GET', url: `/api/users/${target.id}` },
        expect: { ...denied, admin: 200, token_scoped: 200 },
      },
      {
        name: 'POST /api/users (refused)',
        request: {
          method: 'POST',
          url: '/api/users',
          payload: { email: 'x@a.test', display_name: 'X' },
        },
        expect: denied,
      },
      {
        name: 'POST /api/users as admin',
        request: {
          method: 'POST',
          url: '/api/users',
          payload: { email: 'y@a.test', display_name: 'Y' },
        },
        expect: { admin: 201 },
      },
      {
        name: 'POST /api/users with a scoped token',
        request: {
          method: 'POST',
          url: '/api/users',
          payload: { email: 'z@a.test', display_name: 'Z' },
        },
        expect: { token_scoped: 201 },
      },
      {
        name: 'PATCH /api/users/:id',
        request: {
          method: 'PATCH',
          url: `/api/users/${target.id}`,
          payload: { display_name: 'T' },
        },
        expect: { ...denied, admin: 200, token_scoped: 200 },
      },
      {
        name: 'POST /api/users/:id/reset-password',
        request: { method: 'POST', url: `/api/users/${target.id}/reset-password`, payload: {} },
        expect: { ...denied, admin: 200, token_scoped: 200 },
      },
      {
        name: 'identity and permission come before the body (401 → 403 → 422)',
        request: { method: 'POST', url: '/api/users', payload: { email: 'bad' } },
        expect: { anonymous: 401, viewer: 403, token_unscoped: 403, admin: 422 },
      },
    ]);
  });

  it("reading one's own record without admin.users is 403 (use /api/auth/me)", async () => {
    const me = Me.parse(
      (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: actors.viewer })).json(),
    );
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/users/${me.id}`,
      headers: actors.viewer,
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('a user admin cannot grant or take over more than they hold', () => {
  let t: TestApp;
  let admin: Headers;
  let helpdesk: Headers;
  let roles: Role[];
  const id = (key: string) => roles.find((r) => r.key === key)?.id ?? '';
  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/roles',
      headers: admin,
      payload: { name: 'Helpdesk', permissions: ['admin.users', 'library.read'] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const h = await createUser(t);
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/users/${h.id}`,
      headers: admin,
      payload: { role_ids: [Role.parse(created.json()).id] },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    helpdesk = await login(t, h.email, h.password);
    const list = await t.app.inject({ method: 'GET', url: '/api/roles', headers: helpdesk });
    expect(list.statusCode).toBe(200);
    roles = RoleList.parse(list.json()).items;
  });
  afterAll(async () => t.close());

  const as = (headers: Headers, method: 'POST' | 'PATCH', url: string, payload: object) =>
    t.app.inject({ method, url, headers, payload });

  it('may create and manage users within their own permissions', async () => {
    const res = await as(helpdesk, 'POST', '/api/users', {
      email: 'reader@a.test',
      display_name: 'Reader',
      role_ids: [id('viewer')],
    });
    expect(res.statusCode, res.body).toBe(201);
    const user = CreatedUser.parse(res.json()).user;
    expect(
      (await as(helpdesk, 'PATCH', `/api/users/${user.id}`, { disabled: true })).statusCode,
    ).toBe(200);
  });

  it('may not grant the Admin role, nor reset, rename or disable an admin', async () => {
    const grant = await as(helpdesk, 'POST', '/api/users', {
      email: 'sneaky@a.test',
      display_name: 'Sneaky',
      role_ids: [id('admin')],
    });
    expect(grant.statusCode).toBe(403);
    const victim = await createUser(t, { roleKeys: ['admin'] });
    for (const [method, url, payload] of [
      ['POST', `/api/users/${victim.id}/reset-password`, {}],
      ['PATCH', `/api/users/${victim.id}`, { email: 'mine@a.test' }],
      ['PATCH', `/api/users/${victim.id}`, { disabled: true }],
    ] as const) {
      const res = await as(helpdesk, method, url, payload);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
    }
    const plain = await createUser(t);
    const promote = await as(helpdesk, 'PATCH', `/api/users/${plain.id}`, {
      role_ids: [id('admin')],
    });
    expect(promote.statusCode).toBe(403);
    const me = Me.parse(
      (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: helpdesk })).json(),
    );
    const self = await as(helpdesk, 'PATCH', `/api/users/${me.id}`, { role_ids: [id('admin')] });
    expect(self.statusCode).toBe(403);
  });
});
