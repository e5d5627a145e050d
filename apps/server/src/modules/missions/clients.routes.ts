import { Client, ClientCreate, ClientList, ClientUpdate, IdParams } from '@metamorph/contract';
import type { App } from '../../context.js';
import type { ClientsService } from './clients.service.js';

export function clientsRoutes(app: App, s: ClientsService): void {
  const tags = ['missions'];
  // Leads creating missions pick or create their client; admins manage them.
  const config = { auth: 'user', permission: ['mission.create', 'admin.missions'] } as const;
  app.get(
    '/api/clients',
    {
      config,
      schema: {
        tags,
        summary: 'Clients (mission.create or admin.missions)',
        response: { 200: ClientList },
      },
    },
    async (request) => s.list(request.auditContext()),
  );
  app.post(
    '/api/clients',
    {
      config,
      schema: {
        tags,
        summary: 'Create a client (name unique, case-insensitive)',
        body: ClientCreate,
        response: { 201: Client },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await s.create(request.auditContext(), request.body)),
  );
  app.get(
    '/api/clients/:id',
    { config, schema: { tags, summary: 'A client', params: IdParams, response: { 200: Client } } },
    async (request) => s.get(request.auditContext(), request.params.id),
  );
  app.patch(
    '/api/clients/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Rename a client or change its notes',
        params: IdParams,
        body: ClientUpdate,
        response: { 200: Client },
      },
    },
    async (request) => s.update(request.auditContext(), request.params.id, request.body),
  );
  app.delete(
    '/api/clients/:id',
    {
      config: { permission: 'admin.missions' },
      schema: {
        tags,
        summary: 'Delete a client without missions (admin.missions)',
        params: IdParams,
      },
    },
    async (request, reply) => {
      await s.delete(request.auditContext(), request.params.id);
      return reply.code(204).send();
    },
  );
}
