import {
  Finding,
  FindingAccept,
  FindingCreate,
  FindingDraftAccepted,
  FindingDraftRequest,
  FindingList,
  FindingParams,
  FindingUpdate,
  MissionParams,
} from '@metamorph/contract';
import type { FastifyReply } from 'fastify';
import type { App, AppContext } from '../../context.js';
import { validationFailed } from '../../platform/errors.js';
import { startDraft } from './draft.job.js';
import type { FindingsService } from './findings.service.js';
import { registerFindingGuard } from './guard.js';

/** `If-Match: "7"` (or W/"7", or 7) → 7; absent or `*` → undefined (unconditional). */
export function parseIfMatch(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '*') return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(value);
  if (!m) {
    throw validationFailed([
      { path: 'headers.if-match', message: 'must be the ETag of the finding, like "7"' },
    ]);
  }
  return Number(m[1]);
}

const withEtag = (reply: FastifyReply, f: Finding) => {
  void reply.header('etag', `"${f.version}"`);
  return f;
};

/** Findings CRUD, drafting and accepting proposals. */
export function findingsRoutes(app: App, ctx: AppContext, s: FindingsService): void {
  registerFindingGuard(app, ctx);
  const tags = ['findings'];
  const read = { auth: 'user', mission: 'read' } as const;
  const manage = { auth: 'user', mission: 'manage' } as const;
  app.get(
    '/api/missions/:id/findings',
    {
      config: read,
      schema: {
        tags,
        summary: "A mission's findings (blue-only members do not see those of hidden tests)",
        params: MissionParams,
        response: { 200: FindingList },
      },
    },
    async (request) => ({ items: await s.list(request.auditContext(), request.params.id) }),
  );
  app.post(
    '/api/missions/:id/findings',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Create a finding (leads)',
        params: MissionParams,
        body: FindingCreate,
        response: { 201: Finding },
      },
    },
    async (request, reply) => {
      const [f] = await s.create(request.auditContext(), request.params.id, [request.body]);
      return reply.code(201).send(withEtag(reply, f!));
    },
  );
  app.post(
    '/api/missions/:id/findings/draft',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Draft findings from the reviewed gaps: a job whose result holds proposals',
        description:
          'Answers 202 with job `findings.draft`; its result is `FindingDraftResult`. Nothing is created: accept edited proposals with POST …/findings/accept. 422 when the mission has no reviewed test.',
        params: MissionParams,
        body: FindingDraftRequest.nullish(),
        response: { 202: FindingDraftAccepted },
      },
    },
    async (request, reply) =>
      reply
        .code(202)
        .send({ job: await startDraft(ctx, request.auditContext(), request.params.id) }),
  );
  app.post(
    '/api/missions/:id/findings/accept',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Create the (edited) proposals as findings, all or none',
        params: MissionParams,
        body: FindingAccept,
        response: { 201: FindingList },
      },
    },
    async (request, reply) => {
      const items = await s.create(
        request.auditContext(),
        request.params.id,
        request.body.proposals,
        (i) => `body.proposals.${i}`,
      );
      return reply.code(201).send({ items });
    },
  );
  app.get(
    '/api/findings/:id',
    {
      config: { auth: 'user', finding: 'read' },
      schema: { tags, summary: 'One finding', params: FindingParams, response: { 200: Finding } },
    },
    async (request, reply) =>
      withEtag(reply, await s.get(request.auditContext(), request.params.id)),
  );
  app.patch(
    '/api/findings/:id',
    {
      config: { auth: 'user', finding: 'manage' },
      schema: {
        tags,
        summary: 'Edit a finding or change its status (leads; If-Match or version)',
        params: FindingParams,
        body: FindingUpdate,
        response: { 200: Finding },
      },
    },
    async (request, reply) =>
      withEtag(
        reply,
        await s.update(
          request.auditContext(),
          request.params.id,
          request.body,
          parseIfMatch(request.headers['if-match']),
        ),
      ),
  );
  app.delete(
    '/api/findings/:id',
    {
      config: { auth: 'user', finding: 'manage' },
      schema: { tags, summary: 'Soft-delete a finding (leads)', params: FindingParams },
    },
    async (request, reply) => {
      await s.remove(
        request.auditContext(),
        request.params.id,
        parseIfMatch(request.headers['if-match']),
      );
      return reply.code(204).send();
    },
  );
}
