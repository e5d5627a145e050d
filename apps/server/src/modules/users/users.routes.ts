import {
  CreateUserRequest,
  CreatedUser,
  IdParams,
  ResetPasswordRequest,
  ResetPasswordResponse,
  UpdateUserRequest,
  User,
  UserList,
  UserListQuery,
} from '@metamorph/contract';
import type { App, AppContext } from '../../context.js';
import { resetUserMfa } from './mfa-reset.js';
import type { UsersService } from './users.service.js';

/** Admin management of accounts; every route needs admin.users (checked before the body). */
export function usersRoutes(app: App, ctx: AppContext, users: UsersService): void {
  const tags = ['admin'];
  const config = { permission: 'admin.users' } as const;

  app.get(
    '/api/users',
    {
      config,
      schema: {
        tags,
        summary: 'List accounts by email; filter by q (email or name) and disabled',
        querystring: UserListQuery,
        response: { 200: UserList },
      },
    },
    async (request) => users.list(request.auditContext(), request.query),
  );

  app.post(
    '/api/users',
    {
      config,
      schema: {
        tags,
        summary:
          'Create an account (must change its password at first sign-in); a generated password is shown once',
        body: CreateUserRequest,
        response: { 201: CreatedUser },
      },
    },
    async (request, reply) => {
      const created = await users.create(request.auditContext(), request.body);
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/api/users/:id',
    {
      config,
      schema: { tags, summary: 'One account', params: IdParams, response: { 200: User } },
    },
    async (request) => users.get(request.auditContext(), request.params.id),
  );

  app.patch(
    '/api/users/:id',
    {
      config,
      schema: {
        tags,
        summary:
          'Change name, email, disabled or roles; disabling ends every session, a role change rotates them',
        params: IdParams,
        body: UpdateUserRequest,
        response: { 200: User },
      },
    },
    async (request) => users.update(request.auditContext(), request.params.id, request.body),
  );

  app.post(
    '/api/users/:id/reset-password',
    {
      config,
      schema: {
        tags,
        summary:
          'Set a new password (given or generated, shown once); forces a change and ends every session',
        params: IdParams,
        body: ResetPasswordRequest.nullish(),
        response: { 200: ResetPasswordResponse },
      },
    },
    async (request) =>
      users.resetPassword(request.auditContext(), request.params.id, request.body ?? {}),
  );

  app.post(
    '/api/users/:id/reset-mfa',
    {
      config,
      schema: {
        tags,
        summary:
          'Remove the two-factor authentication of a user (lost device): recovery codes go, every session ends',
        params: IdParams,
        response: { 200: User },
      },
    },
    async (request) => resetUserMfa(ctx, request.auditContext(), request.params.id),
  );
}
