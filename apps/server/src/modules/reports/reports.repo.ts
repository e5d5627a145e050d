import type { Report, ReportFormat, ReportOptions, ReportStatus } from '@metamorph/contract';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { reports, users, type ReportRow } from '../../db/schema/index.js';
import type { DbOrTx } from '../../platform/tx.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export interface ReportWithCreator {
  row: ReportRow;
  creatorName: string | null;
}

/** The one place a report row becomes its wire shape. */
export function toReportWire({ row, creatorName }: ReportWithCreator): Report {
  return {
    id: row.id,
    mission_id: row.missionId,
    format: row.format as ReportFormat,
    options: row.options,
    status: row.status as ReportStatus,
    job_id: row.jobId,
    file_name: row.fileName,
    size_bytes: row.sizeBytes,
    sha256: row.sha256,
    error: row.error,
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
    .select({ row: reports, creatorName: users.displayName })
    .from(reports)
    .leftJoin(users, eq(users.id, reports.createdBy));

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
