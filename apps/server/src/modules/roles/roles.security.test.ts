import { Role } from '@metamorph/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, tokenHeaders } from '../../../test/auth-helpers.js';
import {
  DENIED_WITHOUT_PERMISSION,
  checkAuthzTable,
  makeActors,
  type Actors,
} from '../../../test/authz-kit.js';
import { createUser } from '../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';

describe('roles API: route × actor', () => {
  let t: TestApp;
  let actors: Actors;
  beforeAll(async () => {
    t = await createTestApp();
    actors = await makeActors(t, 'admin.roles');
  });
  afterAll(async () => t.close());

  const denied = DENIED_WITHOUT_PERMISSION;

  const newRole = async (name: string) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/roles',
      headers: actors.admin,
      payload: { name, permissions: ['library.read'] },
    });
    return Role.parse(res.json()).id;
  };

  it('every route: 401 anonymous, 403 without the permission (token scopes too), 2xx with it', async () => {
    const target = await newRole('Target');
    const [delAdmin, delToken] = [await newRole('Doomed 1'), await newRole('Doomed 2')];
    await checkAuthzTable(t, actors, [
      {
        name: 'GET /api/roles (admin.roles or admin.users)',
        request: { method: 'GET', url: '/api/roles' },
        // token_unscoped still holds admin.users, which may list roles to assign them.
        expect: { ...denied, token_unscoped: 200, admin: 200, token_scoped: 200 },
      },
      {
        name: 'POST /api/roles (refused)',
        request: { method: 'POST', url: '/api/roles', payload: { name: 'R0', permissions: [] } },
        expect: denied,
      },
      {
        name: 'POST /api/roles as admin',
        request: { method: 'POST', url: '/api/roles', payload: { name: 'R1', permissions: [] } },
        expect: { admin: 201 },
      },
      {
        name: 'POST /api/roles with a scoped token',
        request: { method: 'POST', url: '/api/roles', payload: { name: 'R2', permissions: [] } },
        expect: { token_scoped: 201 },
      },
      {
        name: 'PATCH /api/roles/:id',
        request: { method: 'PATCH', url: `/api/roles/${target}`, payload: { description: 'd' } },
        expect: { ...denied, admin: 200, token_scoped: 200 },
      },
      {
        name: 'DELETE /api/roles/:id (refused)',
        request: { method: 'DELETE', url: `/api/roles/${target}` },
        expect: denied,
      },
      {
        name: 'DELETE /api/roles/:id as admin',
        request: { method: 'DELETE', url: `/api/roles/${delAdmin}` },
        expect: { admin: 204 },
      },
      {
        name: 'DELETE /api/roles/:id with a scoped token',
        request: { method: 'DELETE', url: `/api/roles/${delToken}` },
        expect: { token_scoped: 204 },
      },
      {
        name: 'GET /api/permissions (any signed-in user)',
        request: { method: 'GET', url: '/api/permissions' },
        expect: { anonymous: 401, no_role: 200, viewer: 200, admin: 200, token_scoped: 200 },
      },
      {
        name: 'identity and permission come before the body (401 → 403 → 422)',
        request: { method: 'POST', url: '/api/roles', payload: { name: 42 } },
        expect: { anonymous: 401, viewer: 403, token_unscoped: 403, admin: 422 },
      },
    ]);
  });

  it('a token with neither admin.roles nor admin.users cannot list roles', async () => {
    const token = await tokenHeaders(t, actors.admin, ['library.read']);
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/roles',
      headers: { authorization: token.authorization },
    });
    expect(res.statusCode).toBe(403);
  });

  it('a role admin cannot put permissions they do not hold into a role', async () => {
    const roleAdmins = Role.parse(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/roles',
          headers: actors.admin,
          payload: { name: 'Role admins', permissions: ['admin.roles', 'library.read'] },
        })
      ).json(),
    );
    const u = await createUser(t);
    await t.app.inject({
      method: 'PATCH',
      url: `/api/users/${u.id}`,
      headers: actors.admin,
      payload: { role_ids: [roleAdmins.id] },
    });
    const h = await login(t, u.email, u.password);
    const grab = await t.app.inject({
      method: 'PATCH',
      url: `/api/roles/${roleAdmins.id}`,
      headers: h,
      payload: { permissions: ['admin.roles', 'library.read', 'admin.users'] },
    });
    expect(grab.statusCode).toBe(403);
    const create = await t.app.inject({
      method: 'POST',
      url: '/api/roles',
      headers: h,
      payload: { name: 'Escalate', permissions: ['audit.read'] },
    });
    expect(create.statusCode).toBe(403);
    const fine = await t.app.inject({
      method: 'POST',
      url: '/api/roles',
      headers: h,
      payload: { name: 'Readers', permissions: ['library.read'] },
    });
    expect(fine.statusCode, fine.body).toBe(201);
  });
});
