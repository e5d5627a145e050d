import {
  Activity,
  ActivityQuery,
  DetectionLevelList,
  MissionParams,
  MissionTestDetail,
  MissionTestUpdate,
  TestParams,
  TransitionRequest,
} from '@metamorph/contract';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { App, AppContext } from '../../context.js';
import { validationFailed } from '../../platform/errors.js';
import type { ActivityService } from './activity.service.js';
import { listDetectionLevels } from './detection-levels.js';
import { requirePatchSides, type ExecutionService } from './execution.service.js';
import type { RevealService } from './reveal.service.js';
import { testAccess } from '../../kernel/mission-test-access.js';

/** A PUT may carry long command output. */
const PUT_BODY_LIMIT = 8 * 1024 * 1024;

/** `If-Match: "7"` (or W/"7", or 7) → 7; absent or `*` → undefined (unconditional). */
export function parseIfMatch(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '*') return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(value);
  if (!m) {
    throw validationFailed([
      { path: 'headers.if-match', message: 'must be the ETag of the test, like "7"' },
    ]);
  }
  return Number(m[1]);
}

const withEtag = (reply: FastifyReply, detail: MissionTestDetail) => {
  void reply.header('etag', `"${detail.version}"`);
  return detail;
};

export function executionRoutes(
  app: App,
  ctx: AppContext,
  s: { execution: ExecutionService; activity: ActivityService; reveal: RevealService },
): void {
  const tags = ['execution'];
  const read = { auth: 'user', mission: 'read' } as const;
  const write = { auth: 'user', mission: 'write' } as const;

  app.get(
    '/api/detection-levels',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Detection levels (overall outcome scale), by rank',
        response: { 200: DetectionLevelList },
      },
    },
    async () => ({ items: await listDetectionLevels(ctx.db) }),
  );

  app.get(
    '/api/missions/:id/tests/:testId',
    {
      config: read,
      schema: {
        tags,
        summary: 'A mission test in full: snapshot, red and blue fields, tags, evidence',
        params: TestParams,
        response: { 200: MissionTestDetail },
      },
    },
    async (request, reply) =>
      withEtag(
        reply,
        await s.execution.get(request.auditContext(), request.params.id, request.params.testId),
      ),
  );

  app.put(
    '/api/missions/:id/tests/:testId',
    {
      config: write,
      bodyLimit: PUT_BODY_LIMIT,
      // Sides before payload: a field the caller may not write answers 403 whatever its value.
      preValidation: async (request: FastifyRequest) => {
        const { id, testId } = request.params as { id: string; testId: string };
        const access = await testAccess(ctx.db, request.actor, id, testId, {
          access: request.missionAccess,
        });
        requirePatchSides(access, request.body);
      },
      schema: {
        tags,
        summary: 'Patch red and/or blue fields (each needs its side); If-Match for no lost updates',
        params: TestParams,
        body: MissionTestUpdate,
        response: { 200: MissionTestDetail },
      },
    },
    async (request, reply) =>
      withEtag(
        reply,
        await s.execution.update(
          request.auditContext(),
          request.params.id,
          request.params.testId,
          request.body,
          parseIfMatch(request.headers['if-match']),
        ),
      ),
  );

  app.post(
    '/api/missions/:id/tests/:testId/transition',
    {
      config: write,
      schema: {
        tags,
        summary: 'Move the test through its states (red, blue or either side per transition)',
        params: TestParams,
        body: TransitionRequest,
        response: { 200: MissionTestDetail },
      },
    },
    async (request, reply) =>
      withEtag(
        reply,
        await s.execution.transition(
          request.auditContext(),
          request.params.id,
          request.params.testId,
          request.body,
          parseIfMatch(request.headers['if-match']),
        ),
      ),
  );

  app.get(
    '/api/missions/:id/activity',
    {
      config: read,
      schema: {
        tags,
        summary: 'Tests changed after a time (since=ISO) or a change number (after_seq=)',
        params: MissionParams,
        querystring: ActivityQuery,
        response: { 200: Activity },
      },
    },
    async (request) =>
      s.activity.activity(request.auditContext(), request.params.id, request.query),
  );

  const Revealed = z.object({ revealed: z.number().int() });
  app.post(
    '/api/missions/:id/tests/:testId/reveal',
    {
      config: write,
      schema: {
        tags,
        summary: 'Blind missions: show a hidden test to blue (red side or lead)',
        params: TestParams,
        response: { 200: Revealed },
      },
    },
    async (request) => ({
      revealed: await s.reveal.revealOne(
        request.auditContext(),
        request.params.id,
        request.params.testId,
      ),
    }),
  );
  app.post(
    '/api/missions/:id/reveal',
    {
      config: write,
      schema: {
        tags,
        summary: 'Blind missions: show every hidden test to blue (red side or lead)',
        params: MissionParams,
        response: { 200: Revealed },
      },
    },
    async (request) => ({
      revealed: await s.reveal.revealAll(request.auditContext(), request.params.id),
    }),
  );
}
