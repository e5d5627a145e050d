import type { Job } from '@metamorph/contract';
import type { JobRow } from '../../db/schema/index.js';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** The wire shape of a job row (GET /api/jobs/:id, the 202 answers that start jobs, the CLI). */
export function toJobWire(row: JobRow): Job {
  return {
    id: row.id,
    type: row.type,
    status: row.status,
    progress: { done: row.progressDone, total: row.progressTotal, message: row.progressMessage },
    attempts: row.attempts,
    max_attempts: row.maxAttempts,
    result: row.result ?? null,
    error: row.error,
    created_at: row.createdAt.toISOString(),
    started_at: iso(row.startedAt),
    finished_at: iso(row.finishedAt),
    updated_at: row.updatedAt.toISOString(),
  };
}
