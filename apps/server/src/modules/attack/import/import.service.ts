import type { AttackImportResult } from '@metamorph/contract';
import { and, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../../context.js';
import { attackReleases } from '../../../db/schema/index.js';
import { appendAudit, type AuditContext } from '../../../platform/audit/audit.js';
import { newId } from '../../../platform/ids.js';
import { findCurrentRelease, findReleaseBySha, toReleaseWire } from '../releases.repo.js';
import type { ParsedBundle } from '../stix/types.js';
import { writeCatalog, writeSnapshot } from './catalog.repo.js';
import { compareReleases } from './version.js';

/** Serialises imports across processes (two workers never write one catalog at once). */
const ATTACK_IMPORT_LOCK = 7_342_118_005;

export interface ImportSource {
  sha256: string;
  /** Where the bundle came from: its URL or "upload:<file name>". */
  source: string;
  audit: AuditContext;
}

/** The release imported from this exact file before, if any: a re-sync that changes nothing. */
export async function existingImport(
  ctx: AppContext,
  sha256: string,
): Promise<AttackImportResult | undefined> {
  const row = await findReleaseBySha(ctx.db, sha256);
  return row ? { release: toReleaseWire(row), changed: false } : undefined;
}

/**
 * Records a release in one transaction. A release at least as new as the domain's
 * current one updates the catalog in place and becomes current; an older one only adds
 * its release row and technique snapshot (for diffs). Any failure rolls everything back.
 */
export async function importRelease(
  ctx: AppContext,
  bundle: ParsedBundle,
  src: ImportSource,
  onPhase: (message: string) => Promise<void> = async () => undefined,
): Promise<AttackImportResult> {
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${ATTACK_IMPORT_LOCK})`);
    const again = await findReleaseBySha(tx, src.sha256);
    if (again) return { release: toReleaseWire(again), changed: false };
    const current = await findCurrentRelease(tx, bundle.domain);
    const makeCurrent = !current || compareReleases(bundle, current) >= 0;
    const id = newId();
    const [row] = await tx
      .insert(attackReleases)
      .values({
        id,
        domain: bundle.domain,
        version: bundle.version,
        specVersion: bundle.specVersion,
        source: src.source.slice(0, 2000),
        sha256: src.sha256,
        dataModified: bundle.dataModified,
        counts: bundle.counts,
        importedAt: ctx.clock.now(),
        importedBy: src.audit.actor?.via === 'cli' ? null : (src.audit.actor?.userId ?? null),
        current: makeCurrent,
      })
      .returning();
    if (!row) throw new Error('release insert returned nothing');
    if (makeCurrent) {
      await onPhase('writing the catalog');
      await tx
        .update(attackReleases)
        .set({ current: false })
        .where(
          and(
            eq(attackReleases.domain, bundle.domain),
            eq(attackReleases.current, true),
            sql`${attackReleases.id} <> ${id}`,
          ),
        );
      await writeCatalog(tx, bundle);
    }
    await onPhase('writing the release snapshot');
    await writeSnapshot(tx, id, bundle);
    await appendAudit(tx, ctx.clock, src.audit, {
      action: 'attack.release_imported',
      targetId: id,
      after: {
        domain: bundle.domain,
        version: bundle.version,
        source: row.source,
        sha256: src.sha256,
        current: makeCurrent,
        counts: bundle.counts,
      },
    });
    return { release: toReleaseWire(row), changed: true };
  });
}
