import {
  BulkTestAction,
  BulkTestResult,
  MissionParams,
  MyQueue,
  unknownBulkKeys,
} from '@metamorph/contract';
import type { FastifyRequest } from 'fastify';
import { validationFailed } from '../../platform/errors.js';
import { cleanText } from '../../platform/http/text-hygiene.js';
import type { App } from '../../context.js';
import type { BulkService } from './bulk.service.js';
import type { QueueService } from './queue.service.js';

/** Bulk actions over a mission's tests, and the caller's own queue. */
export function workspaceRoutes(app: App, s: { bulk: BulkService; queue: QueueService }): void {
  const tags = ['workspace'];

  app.post(
    '/api/missions/:id/tests/bulk',
    {
      config: {
        auth: 'user',
        mission: 'write',
        // Any one right that some action needs; the service checks each test's own.
        permission: [
          'mission.write_red_fields',
          'mission.write_blue_fields',
          'mission.manage',
          'admin.missions',
        ],
      },
      // Before the schema: a key no action knows is named even when `action` is missing.
      preValidation: async (request: FastifyRequest) => {
        // The text rules come first everywhere (platform/http/text-hygiene.ts): keep that order.
        const text = cleanText(request.body, 'body');
        if (text.issues.length > 0) throw validationFailed(text.issues);
        const unknown = unknownBulkKeys(request.body);
        if (unknown.length > 0) {
          throw validationFailed(
            unknown.map((k) => ({ path: 'body', message: `Unrecognized key: "${k}"` })),
          );
        }
      },
      schema: {
        tags,
        summary:
          'One action over up to 1,000 tests of the mission, all or nothing (each test versioned, audited, one live event)',
        params: MissionParams,
        body: BulkTestAction,
        response: { 200: BulkTestResult },
      },
    },
    async (request) => s.bulk.run(request.auditContext(), request.params.id, request.body),
  );

  app.get(
    '/api/me/queue',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: "The caller's queue across their missions: due, awaiting review, stuck",
        response: { 200: MyQueue },
      },
    },
    async (request) => s.queue.queue(request.auditContext()),
  );
}
