import {
  CalderaImportRequest,
  CalderaOperationList,
  CalderaOperationsRequest,
  JobAccepted,
  MissionParams,
} from '@metamorph/contract';
import type { FastifyRequest } from 'fastify';
import type { App, AppContext } from '../../../context.js';
import { forbidden, validationFailed } from '../../../platform/errors.js';
import { toJobWire } from '../../../platform/jobs/wire.js';
import { queueExecutionImport } from '../import.job.js';
import { calderaTarget, fetchOperation, listOperations, type CalderaTarget } from './api.js';

/**
 * `POST /api/missions/:id/import/caldera` and `…/import/caldera/operations` (docs/automation.md,
 * "Caldera"). The API key is used inside the request and never stored: the import fetches the
 * operation report here, stages it in the blob store, and queues the same job as an uploaded
 * report — the job never needs the key.
 */
export function calderaRoutes(app: App, ctx: AppContext): void {
  /** After the mission guard, before the body is read: 401 → 404 → 403 → 422. */
  const redOnly = async (request: FastifyRequest) => {
    if (!request.missionAccess?.sides.red) {
      throw forbidden(
        'Importing execution results needs a red role in this mission and mission.write_red_fields',
      );
    }
  };
  /** A URL the outbound guard accepts (else 422). */
  async function checked(request: FastifyRequest, body: CalderaOperationsRequest) {
    const access = request.missionAccess!;
    const problem = await ctx.outbound.problemWith(body.url);
    if (problem) throw validationFailed([{ path: 'body.url', message: problem }]);
    return { access, target: calderaTarget(body) };
  }

  app.post(
    '/api/missions/:id/import/caldera/operations',
    {
      config: { auth: 'user', mission: 'write' },
      preValidation: redOnly,
      schema: {
        tags: ['automation'],
        summary: "List a Caldera server's operations (to pick one to import)",
        description:
          "JSON {url, api_key}: the Caldera server's address and an API key (sent as Caldera's `KEY` header, never stored or logged). Answers the operations (id, name, state, start), newest first. Needs a red role in the mission. 422 for a URL the outbound guard refuses (a private address unless the setting outbound.allow_private_targets is on); 502 `upstream_failed` when Caldera cannot be reached, is too slow, refuses the key (the upstream status is named) or answers something else than an operation list.",
        params: MissionParams,
        body: CalderaOperationsRequest,
        response: { 200: CalderaOperationList },
      },
    },
    async (request) => {
      const { target } = await checked(request, request.body);
      return { items: await listOperations(ctx, target) };
    },
  );

  app.post(
    '/api/missions/:id/import/caldera',
    {
      config: { auth: 'user', mission: 'write' },
      preValidation: redOnly,
      schema: {
        tags: ['automation'],
        summary: 'Import a Caldera operation as execution results',
        description:
          "JSON {url, api_key, operation_id, create_unmatched?, overwrite?, dry_run?, only?} (`only`: procedures as `file#index` from an earlier report, to resolve one conflict with overwrite). Metamorph fetches the operation (`GET /api/v2/operations/{id}`) and its report with the agents' output (`POST /api/v2/operations/{id}/report`) from the Caldera server with the key (never stored or logged), then answers 202 with a `mission.import_execution` job, as for an uploaded Caldera report: one procedure per link, matched to a test by Atomic guid (an ability id that is one), else by technique, filling only empty red fields. Errors as for the operation list; nothing is applied when the fetch fails.",
        params: MissionParams,
        body: CalderaImportRequest,
        response: { 202: JobAccepted },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const { access, target } = await checked(request, body);
      const fetched = await fetchOperation(ctx, target, body.operation_id);
      const row = await enqueue(ctx, request, access.mission.id, target, body, fetched);
      return reply.code(202).send({ job: toJobWire(row) });
    },
  );
}

const safeName = (s: string) =>
  s
    .replace(/[^\w.() -]/g, '_')
    .slice(0, 120)
    .trim() || 'operation';

async function enqueue(
  ctx: AppContext,
  request: FastifyRequest,
  missionId: string,
  target: CalderaTarget,
  body: CalderaImportRequest,
  fetched: Awaited<ReturnType<typeof fetchOperation>>,
) {
  const audit = request.auditContext();
  const { sha256, size } = await ctx.blobs.put(fetched.report);
  const filename = `caldera-${safeName(fetched.name)}.json`;
  const flags = {
    create_unmatched: body.create_unmatched ?? false,
    overwrite: body.overwrite ?? false,
    dry_run: body.dry_run ?? false,
  };
  return queueExecutionImport(
    ctx,
    audit,
    {
      mission_id: missionId,
      files: [{ upload: sha256, filename, size }],
      ...flags,
      only: body.only ?? null,
    },
    {
      source: 'caldera',
      // The server and the operation, never the key.
      caldera_url: target.base.href,
      operation_id: body.operation_id,
      operation_name: fetched.name,
      // `operation` when the server had no report: links without the agents' output.
      caldera_document: fetched.document,
      links: fetched.links,
      files: [{ name: filename, size }],
    },
  );
}
