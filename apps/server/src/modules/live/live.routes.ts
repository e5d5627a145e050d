import { LiveEventsQuery, MissionParams, PresenceUpdate } from '@metamorph/contract';
import type { App } from '../../context.js';
import type { LiveService } from './live.service.js';

/** The mission event stream (SSE) and presence. */
export function liveRoutes(app: App, live: LiveService): void {
  const tags = ['live'];
  const read = { auth: 'user', mission: 'read' } as const;

  app.get(
    '/api/missions/:id/events',
    {
      config: read,
      schema: {
        tags,
        summary:
          'Server-Sent Events: test and evidence changes (id = change sequence; resume with ' +
          'Last-Event-ID), `ready` and `presence`. Heartbeat comment every 15 s.',
        params: MissionParams,
        querystring: LiveEventsQuery,
      },
    },
    async (request, reply) => {
      await live.open(request, reply);
    },
  );

  app.put(
    '/api/missions/:id/presence',
    {
      config: { ...read, self: true },
      schema: {
        tags,
        summary:
          'Which test this connection (the connection_id of its stream) is viewing; ' +
          'also refreshes it. Entries expire 45 s after their last refresh.',
        params: MissionParams,
        body: PresenceUpdate,
      },
    },
    async (request, reply) => {
      await live.updatePresence(request.actor, request.params.id, request.body);
      return reply.code(204).send();
    },
  );
}
