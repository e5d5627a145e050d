import {
  CreateRoleRequest,
  IdParams,
  PermissionList,
  Role,
  RoleList,
  UpdateRoleRequest,
} from '@metamorph/contract';
import type { App } from '../../context.js';
import { requireAnyPermission } from '../../platform/authz.js';
import type { RolesService } from './roles.service.js';

/** Roles (admin.roles; user admins may list them to assign them) and the permission catalogue. */
export function rolesRoutes(app: App, roles: RolesService): void {
  const tags = ['admin'];
  const config = { permission: 'admin.roles' } as const;

  app.get(
    '/api/roles',
    {
      config: { auth: 'user' },
      // After the global identity check (401), before the query is validated (403 → 422).
      preValidation: async (request) => {
        requireAnyPermission(request.actor, ['admin.roles', 'admin.users']);
      },
      schema: {
        tags,
        summary: 'Every role with its permissions and user count (admin.roles or admin.users)',
        response: { 200: RoleList },
      },
    },
    async (request) => roles.list(request.auditContext()),
  );

  app.post(
    '/api/roles',
    {
      config,
      schema: {
        tags,
        summary: 'Create a custom role (name unique, case-insensitive)',
        body: CreateRoleRequest,
        response: { 201: Role },
      },
    },
    async (request, reply) => {
      const created = await roles.create(request.auditContext(), request.body);
      return reply.code(201).send(created);
    },
  );

  app.patch(
    '/api/roles/:id',
    {
      config,
      schema: {
        tags,
        summary:
          "Rename or change a role's permissions (the Admin role keeps all); its users' sessions rotate",
        params: IdParams,
        body: UpdateRoleRequest,
        response: { 200: Role },
      },
    },
    async (request) => roles.update(request.auditContext(), request.params.id, request.body),
  );

  app.delete(
    '/api/roles/:id',
    {
      config,
      schema: { tags, summary: 'Delete a custom role nobody holds', params: IdParams },
    },
    async (request, reply) => {
      await roles.delete(request.auditContext(), request.params.id);
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/permissions',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'The permission catalogue with what each allows (any signed-in user)',
        response: { 200: PermissionList },
      },
    },
    async () => roles.permissions(),
  );
}
