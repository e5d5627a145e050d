import type { Evidence, EvidenceSide } from '@metamorph/contract';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { evidenceFiles, users } from '../../db/schema/index.js';
import type { DbOrTx } from '../../platform/tx.js';

const columns = {
  e: evidenceFiles,
  email: users.email,
  displayName: users.displayName,
};

type Row = {
  e: typeof evidenceFiles.$inferSelect;
  email: string | null;
  displayName: string | null;
};

export function toEvidence(r: Row): Evidence {
  return {
    id: r.e.id,
    mission_id: r.e.missionId,
    mission_test_id: r.e.testId,
    side: r.e.side as EvidenceSide,
    caption: r.e.caption,
    sha256: r.e.sha256,
    mime: r.e.mime,
    size_bytes: r.e.sizeBytes,
    original_filename: r.e.originalFilename,
    uploaded_by_user_id: r.e.uploadedBy,
    uploaded_by_email: r.email,
    uploaded_by_display_name: r.displayName,
    uploaded_at: r.e.uploadedAt.toISOString(),
    created_at: r.e.createdAt.toISOString(),
  };
}

/** A test's live evidence, oldest first, with the uploaders' names. */
export async function listTestEvidence(db: DbOrTx, testId: string): Promise<Evidence[]> {
  const rows = await db
    .select(columns)
    .from(evidenceFiles)
    .leftJoin(users, eq(users.id, evidenceFiles.uploadedBy))
    .where(and(eq(evidenceFiles.testId, testId), isNull(evidenceFiles.deletedAt)))
    .orderBy(asc(evidenceFiles.uploadedAt), asc(evidenceFiles.id));
  return rows.map(toEvidence);
}

/** One evidence row (live or not) with its uploader, or undefined. */
export async function findEvidence(db: DbOrTx, id: string): Promise<Row | undefined> {
  const [row] = await db
    .select(columns)
    .from(evidenceFiles)
    .leftJoin(users, eq(users.id, evidenceFiles.uploadedBy))
    .where(eq(evidenceFiles.id, id));
  return row;
}

/** How many evidence files are live (not deleted) and their total size: the metrics gauge. */
export async function storedEvidence(db: DbOrTx): Promise<{ files: number; bytes: number }> {
  const [row] = await db
    .select({
      files: sql<number>`count(*)::int`,
      bytes: sql<string>`coalesce(sum(${evidenceFiles.sizeBytes}), 0)::text`,
    })
    .from(evidenceFiles)
    .where(isNull(evidenceFiles.deletedAt));
  return { files: row?.files ?? 0, bytes: Number(row?.bytes ?? 0) };
}
