import type { ReportOptions } from '@metamorph/contract';
import { sql } from 'drizzle-orm';
import { bigint, check, index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { ts } from './columns.js';
import { users } from './identity.js';
import { jobs } from './jobs.js';
import { missions } from './missions.js';

/** A generated mission report: its options, the job that writes it and the stored file. */
export const reports = pgTable(
  'reports',
  {
    id: uuid('id').primaryKey(),
    missionId: uuid('mission_id')
      .notNull()
      .references(() => missions.id, { onDelete: 'cascade' }),
    format: text('format').notNull(),
    options: jsonb('options').$type<ReportOptions>().notNull(),
    status: text('status').notNull().default('queued'),
    jobId: uuid('job_id')
      .notNull()
      .references(() => jobs.id),
    fileName: text('file_name').notNull(),
    /** Key of the file in the blob store once written. */
    blobKey: text('blob_key'),
    sizeBytes: bigint('size_bytes', { mode: 'number' }),
    sha256: text('sha256'),
    error: text('error'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull(),
    finishedAt: ts('finished_at'),
  },
  (t) => [
    index('reports_mission_idx').on(t.missionId, t.createdAt),
    check('reports_format_check', sql`${t.format} in ('pdf', 'docx', 'html', 'pptx', 'xlsx')`),
    check('reports_status_check', sql`${t.status} in ('queued', 'running', 'succeeded', 'failed')`),
  ],
);

export type ReportRow = typeof reports.$inferSelect;
