import type { Readable } from 'node:stream';
import type { Report, ReportAccepted, ReportList, ReportRequest } from '@metamorph/contract';
import type { AppContext } from '../../context.js';
import type { ReportRow } from '../../db/schema/index.js';
import { missionAccess, type MissionAccess } from '../../kernel/mission-access.js';
import { missionWrite } from '../../kernel/mission-write.js';
import type { AuditContext } from '../../platform/audit/audit.js';
import { requirePermission, type Actor } from '../../platform/authz.js';
import { DomainError, conflict, notFound, validationFailed } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { JobQueue } from '../../platform/jobs/queue.js';
import { toJobWire } from '../../platform/jobs/wire.js';
import { REPORT_TYPES, reportFileName } from './filename.js';
import { rendererFor } from './render/index.js';
import { REPORT_JOB } from './report.job.js';
import {
  findReport,
  insertReport,
  listMissionReports,
  toReportWire,
  type ReportWithCreator,
} from './reports.repo.js';

/** A report that included tests hidden from blue exists only for those who see them. */
const visibleTo = (access: MissionAccess, row: ReportRow) =>
  access.seesHidden || !row.options.include_hidden;

/**
 * Mission reports: asked for (a job writes the file), listed, read and downloaded. Every read
 * checks the mission's visibility first (404, as for a report that does not exist), then
 * report.export (403).
 */
export class ReportsService {
  constructor(private readonly ctx: AppContext) {}

  /** Queues a report: the row, its job and the audit row commit together; 422 for a format not here. */
  async request(
    audit: AuditContext,
    missionId: string,
    body: ReportRequest,
  ): Promise<ReportAccepted> {
    if (!rendererFor(body.format)) {
      throw validationFailed([
        {
          path: 'body.format',
          message: `format not available: ${body.format} reports are not installed on this server`,
        },
      ]);
    }
    const accepted = await missionWrite(
      this.ctx,
      audit,
      missionId,
      { level: 'read' },
      async (w) => {
        const actor = requirePermission(w.access.actor, 'report.export');
        // Hidden tests only for those who see them; anyone else gets the visible ones.
        const options = {
          ...body.options,
          include_hidden: body.options.include_hidden && w.access.seesHidden,
        };
        const createdBy = actor.via === 'cli' ? null : actor.userId;
        const id = newId();
        const job = await new JobQueue(w.tx, this.ctx.clock).enqueue(
          REPORT_JOB,
          { report_id: id },
          { maxAttempts: 1, createdBy },
        );
        const row = await insertReport(w.tx, {
          id,
          missionId,
          format: body.format,
          options,
          jobId: job.id,
          fileName: reportFileName(w.access.mission.name, w.now, body.format),
          createdBy,
          createdAt: w.now,
        });
        w.audit({
          action: 'report.requested',
          targetId: id,
          after: { format: body.format, options, file_name: row.fileName, job_id: job.id },
        });
        return {
          report: toReportWire({ row, creatorName: actor.displayName }),
          job: toJobWire(job),
        };
      },
    );
    this.ctx.runner.wake();
    return accepted;
  }

  async list(access: MissionAccess): Promise<ReportList> {
    const rows = await listMissionReports(this.ctx.db, access.mission.id);
    return { items: rows.filter((r) => visibleTo(access, r.row)).map(toReportWire) };
  }

  /** 404 when the caller cannot see the report's mission (or its hidden tests), 403 without report.export. */
  private async visible(actor: Actor | null | undefined, id: string): Promise<ReportWithCreator> {
    const found = await findReport(this.ctx.db, id);
    if (!found) throw notFound('Report');
    const access = await missionAccess(this.ctx.db, actor, found.row.missionId).catch(
      (err: unknown) => {
        if (err instanceof DomainError && err.status === 404) throw notFound('Report');
        throw err;
      },
    );
    if (!visibleTo(access, found.row)) throw notFound('Report');
    requirePermission(actor, 'report.export');
    return found;
  }

  async get(actor: Actor | null | undefined, id: string): Promise<Report> {
    return toReportWire(await this.visible(actor, id));
  }

  /** The stored file, streamed; 409 while the report is not written yet (or failed). */
  async content(
    actor: Actor | null | undefined,
    id: string,
  ): Promise<{ report: Report; mime: string; stream: Readable }> {
    const found = await this.visible(actor, id);
    const report = toReportWire(found);
    if (report.status !== 'succeeded' || !found.row.blobKey) {
      throw conflict(`The report is ${report.status}${report.error ? `: ${report.error}` : ''}`, {
        status: report.status,
      });
    }
    const stream = await this.ctx.blobs.createReadStream(found.row.blobKey);
    if (!stream) throw notFound('Report file');
    const mime = rendererFor(report.format)?.mime ?? REPORT_TYPES[report.format].mime;
    return { report, mime, stream };
  }
}
