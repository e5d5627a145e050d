import {
  ApiTokenList,
  CreateApiTokenRequest,
  CreatedApiToken,
  IdParams,
} from '@metamorph/contract';
import type { App } from '../../context.js';
import type { TokensService } from './tokens.service.js';

export function tokensRoutes(app: App, tokens: TokensService): void {
  const tags = ['me'];

  app.get(
    '/api/me/tokens',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'My API tokens, newest first (never their secrets)',
        response: { 200: ApiTokenList },
      },
    },
    async (request) => tokens.list(request.auditContext()),
  );

  app.post(
    '/api/me/tokens',
    {
      config: { auth: 'user', self: true },
      schema: {
        tags,
        summary:
          'Create an API token scoped to some of my permissions (signed-in session only); the secret is shown once',
        body: CreateApiTokenRequest,
        response: { 201: CreatedApiToken },
      },
    },
    async (request, reply) => {
      const created = await tokens.create(request.auditContext(), request.body);
      return reply.code(201).send(created);
    },
  );

  app.delete(
    '/api/me/tokens/:id',
    {
      config: { auth: 'user', self: true },
      schema: { tags, summary: 'Revoke one of my API tokens', params: IdParams },
    },
    async (request, reply) => {
      await tokens.revoke(request.auditContext(), request.params.id);
      return reply.code(204).send();
    },
  );
}
