import type { Report, ReportFormat, ReportOptions, ReportStatus } from '@metamorph/contract';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { jobs, reports, users, type ReportRow } from '../../db/schema/index.js';
import type { DbOrTx } from '../../platform/tx.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export interface ReportWithCreator {
  row: ReportRow;
  creatorName: string | null;
  /** The job's own status and error (null when the job row is gone). */
  job?: { status: string; error: string | null } | null;
}

/**
 * A report still queued or running whose job ended without it (its worker died on the last
 * attempt, or the job was cancelled) reads as failed, with the job's reason.
 */
function effective(r: ReportWithCreator): { status: ReportStatus; error: string | null } {
  const status = r.row.status as ReportStatus;
  const ended = r.job && (r.job.status === 'failed' || r.job.status === 'cancelled');
  if ((status === 'queued' || status === 'running') && ended) {
    return { status: 'failed', error: r.job?.error ?? `The report's job was ${r.job?.status}` };
  }
  return { status, error: r.row.error };
}

/** The one place a report row becomes its wire shape. */
export function toReportWire(r: ReportWithCreator): Report {
  const { row, creatorName } = r;
  const { status, error } = effective(r);
  return {
    id: row.id,
    mission_id: row.missionId,
    format: row.format as ReportFormat,
    options: row.options,
    status,
    job_id: row.jobId,
    file_name: row.fileName,
    size_bytes: row.sizeBytes,
    sha256: row.sha256,
    error,
    created_by:
      row.createdBy && creatorName !== null
        ? { id: row.createdBy, display_name: creatorName }
        : null,
    created_at: row.createdAt.toISOString(),
    finished_at: iso(row.finishedAt),
  };
}

const withCreator = (db: DbOrTx) =>
  db
    .select({
      row: reports,
      creatorName: users.displayName,
      job: { status: jobs.status, error: jobs.error },
    })
    .from(reports)
    .leftJoin(users, eq(users.id, reports.createdBy))
    .leftJoin(jobs, eq(jobs.id, reports.jobId));

export async function findReport(db: DbOrTx, id: string): Promise<ReportWithCreator | undefined> {
  const [r] = await withCreator(db).where(eq(reports.id, id));
  return r;
}

/** A mission's reports, newest first. */
export function listMissionReports(db: DbOrTx, missionId: string): Promise<ReportWithCreator[]> {
  return withCreator(db)
    .where(eq(reports.missionId, missionId))
    .orderBy(desc(reports.createdAt), desc(reports.id));
}

export async function insertReport(
  db: DbOrTx,
  values: {
    id: string;
    missionId: string;
    format: ReportFormat;
    options: ReportOptions;
    jobId: string;
    fileName: string;
    createdBy: string | null;
    createdAt: Date;
  },
): Promise<ReportRow> {
  const [row] = await db
    .insert(reports)
    .values({ ...values, status: 'queued' })
    .returning();
  if (!row) throw new Error('insert into reports returned nothing');
  return row;
}

/** Moves a report on; `from` guards against a second worker (or a retry) racing it. */
export async function setReportStatus(
  db: DbOrTx,
  id: string,
  from: ReportStatus[],
  set: Partial<
    Pick<ReportRow, 'status' | 'blobKey' | 'sizeBytes' | 'sha256' | 'error' | 'finishedAt'>
  >,
): Promise<boolean> {
  const rows = await db
    .update(reports)
    .set(set)
    .where(and(eq(reports.id, id), inArray(reports.status, from)))
    .returning({ id: reports.id });
  return rows.length > 0;
}
