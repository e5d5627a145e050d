import multipart from '@fastify/multipart';
import { JobAccepted, MissionParams, PlanImportResult } from '@metamorph/contract';
import type { App, AppContext } from '../../context.js';
import { forbidden } from '../../platform/errors.js';
import { toJobWire } from '../../platform/jobs/wire.js';
import { calderaRoutes } from './caldera/caldera.routes.js';
import { queueExecutionImport } from './import.job.js';
import { importPlan } from './plan/plan-import.js';
import { receivePlanUpload } from './plan/upload.js';
import { receiveExecutionUpload } from './upload.js';

/** `POST /api/missions/:id/import/execution`, `…/import/plan` and `…/import/caldera` (docs/automation.md). */
export async function automationRoutes(app: App, ctx: AppContext): Promise<void> {
  // Scoped to this module: the import streams its multipart body to disk.
  await app.register(multipart);
  app.post(
    '/api/missions/:id/import/execution',
    {
      config: { auth: 'user', mission: 'write' },
      schema: {
        tags: ['automation'],
        summary:
          'Import execution results from automation logs (ATTiRe JSON, Invoke-AtomicRedTeam CSV)',
        description:
          'multipart/form-data: one or more `file` parts (ATTiRe 1.x JSON or Invoke-AtomicRedTeam CSV logs, recognised by content, each at most 64 MiB) and the optional flags `create_unmatched`, `overwrite`, `dry_run` (true/false) and `only` (procedures as `file#index`, comma-separated: resolve one conflict with overwrite). Needs a red role in the mission. Answers 202 with a `mission.import_execution` job whose result is the ExecutionImportReport: per procedure matched (by Atomic guid, else by a unique technique), filled, conflict (a red field a person filled differs: nothing of that procedure is written unless `overwrite`), created or unmatched, with reasons. One transaction for the whole import.',
        params: MissionParams,
        response: { 202: JobAccepted },
      },
    },
    async (request, reply) => {
      const access = request.missionAccess!;
      if (!access.sides.red) {
        throw forbidden(
          'Importing execution results needs a red role in this mission and mission.write_red_fields',
        );
      }
      const audit = request.auditContext();
      const upload = await receiveExecutionUpload(request, ctx);
      const row = await queueExecutionImport(
        ctx,
        audit,
        { mission_id: access.mission.id, ...upload },
        { files: upload.files.map((f) => ({ name: f.filename, size: f.size })) },
      );
      return reply.code(202).send({ job: toJobWire(row) });
    },
  );
  app.post(
    '/api/missions/:id/import/plan',
    {
      config: { auth: 'user', mission: 'manage' },
      schema: {
        tags: ['automation'],
        summary: 'Plan tests from a spreadsheet (CSV or XLSX): preview, check, import',
        description:
          'multipart/form-data: one `file` (CSV or XLSX with a header row, at most 10 MiB), optional `mapping` (JSON: field → column header; `name` required; fields name, technique_ids, objective, procedure, expected_red, expected_blue, platform, assignee_email, planned_day), `scenario_name`, `dry_run`. Without a mapping: 200 with the preview (headers, sample rows, suggested mapping). With one and dry_run: 200 with every row checked. Otherwise 201: one new scenario of tests, in one transaction; 422 with every row when a row has no name (nothing written). Unknown technique ids, non-member assignees and bad days are warnings: the row is planned without them. Needs the lead role of the mission.',
        params: MissionParams,
        response: { 200: PlanImportResult, 201: PlanImportResult },
      },
    },
    async (request, reply) => {
      const req = await receivePlanUpload(request);
      const result = await importPlan(ctx, request.auditContext(), request.params.id, req);
      return reply.code(result.applied ? 201 : 200).send(result);
    },
  );
  calderaRoutes(app, ctx);
}
