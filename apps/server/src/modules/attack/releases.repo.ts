import type { AttackRelease } from '@metamorph/contract';
import { and, desc, eq } from 'drizzle-orm';
import { attackReleases } from '../../db/schema/index.js';
import type { DbOrTx } from '../../platform/tx.js';

export type ReleaseRow = typeof attackReleases.$inferSelect;

export function toReleaseWire(row: ReleaseRow): AttackRelease {
  return {
    id: row.id,
    domain: row.domain as AttackRelease['domain'],
    version: row.version,
    spec_version: row.specVersion === '2.0' ? '2.0' : '2.1',
    source: row.source,
    sha256: row.sha256,
    counts: row.counts as Record<string, number>,
    imported_at: row.importedAt.toISOString(),
    current: row.current,
  };
}

/** Every imported release, newest import first. */
export async function listReleases(db: DbOrTx): Promise<AttackRelease[]> {
  const rows = await db
    .select()
    .from(attackReleases)
    .orderBy(desc(attackReleases.importedAt), desc(attackReleases.version));
  return rows.map(toReleaseWire);
}

export async function findReleaseBySha(
  db: DbOrTx,
  sha256: string,
): Promise<ReleaseRow | undefined> {
  const [row] = await db
    .select()
    .from(attackReleases)
    .where(eq(attackReleases.sha256, sha256))
    .limit(1);
  return row;
}

export async function findCurrentRelease(
  db: DbOrTx,
  domain: string,
): Promise<ReleaseRow | undefined> {
  const [row] = await db
    .select()
    .from(attackReleases)
    .where(and(eq(attackReleases.domain, domain), eq(attackReleases.current, true)))
    .limit(1);
  return row;
}
