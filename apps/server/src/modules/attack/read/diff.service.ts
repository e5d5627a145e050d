import type { ReleaseDiff, TechniqueSummary } from '@metamorph/contract';
import { ErrorCode } from '@metamorph/contract';
import { eq } from 'drizzle-orm';
import { attackReleaseTechniques } from '../../../db/schema/index.js';
import type { Actor } from '../../../platform/authz.js';
import { DomainError, notFound } from '../../../platform/errors.js';
import type { DbOrTx } from '../../../platform/tx.js';
import { releaseById } from './catalog.repo.js';
import { toReleaseWire } from './mappers.js';

type SnapshotRow = typeof attackReleaseTechniques.$inferSelect;
export type ChangedField = 'name' | 'tactics' | 'platforms' | 'description';
export type DiffImpact = ReleaseDiff['impacts'][number];
/** The diff without impacts: what providers receive. */
export type ReleaseDiffCore = Omit<ReleaseDiff, 'impacts'>;

/**
 * The extension point of later issues ("which of my templates and tests does this
 * touch"): a provider gets the finished diff and the actor, and returns what it
 * knows that the changed, deprecated, revoked or removed technique ids touch. It
 * must only return what the actor may see (missions: membership; library: library.read).
 */
export interface DiffImpactProvider {
  /** Stable name, e.g. `library.test_templates`, `missions.tests`. */
  readonly name: string;
  impacts(input: {
    db: DbOrTx;
    diff: ReleaseDiffCore;
    actor: Actor | null;
    /** Every technique id the diff names outside `added`, deduplicated. */
    touched: string[];
  }): Promise<DiffImpact[]>;
}

export interface DiffOptions {
  providers?: readonly DiffImpactProvider[];
  actor?: Actor | null;
}

const sorted = (xs: readonly string[]): string[] => [...xs].sort();
const sameSet = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && sorted(a).every((x, i) => x === sorted(b)[i]);
const byId = <T extends { external_id: string }>(a: T, b: T): number =>
  a.external_id < b.external_id ? -1 : a.external_id > b.external_id ? 1 : 0;

function summary(row: SnapshotRow): TechniqueSummary {
  return {
    external_id: row.externalId,
    name: row.name,
    is_subtechnique: row.isSubtechnique,
    parent_id: row.parentExternalId,
    tactics: row.tactics,
    platforms: row.platforms,
    revoked: row.revoked,
    deprecated: row.deprecated,
    url: row.url,
  };
}

export function changedFields(before: SnapshotRow, after: SnapshotRow): ChangedField[] {
  const fields: ChangedField[] = [];
  if (before.name !== after.name) fields.push('name');
  if (!sameSet(before.tactics, after.tactics)) fields.push('tactics');
  if (!sameSet(before.platforms, after.platforms)) fields.push('platforms');
  if (before.descriptionSha256 !== after.descriptionSha256) fields.push('description');
  return fields;
}

/**
 * Pure diff of two release snapshots, matched by STIX id (stable across ATT&CK releases).
 * An object lands in exactly one category: revoked (newly revoked in `to`), deprecated
 * (newly deprecated, not revoked), removed (gone from `to`), added (live in `to`, absent
 * or revoked/deprecated in `from`), or
 * changed (live in `to`, present in `from`, with a different name, tactic set, platform
 * set or description).
 */
export function diffSnapshots(
  from: readonly SnapshotRow[],
  to: readonly SnapshotRow[],
): Omit<ReleaseDiffCore, 'from' | 'to'> {
  const before = new Map(from.map((r) => [r.stixId, r]));
  const after = new Map(to.map((r) => [r.stixId, r]));
  const out: Omit<ReleaseDiffCore, 'from' | 'to'> = {
    added: [],
    changed: [],
    deprecated: [],
    revoked: [],
    removed: [],
  };
  for (const b of to) {
    const a = before.get(b.stixId);
    if (b.revoked) {
      if (!a?.revoked) out.revoked.push({ ...summary(b), revoked_by: b.revokedByExternalId });
    } else if (b.deprecated) {
      if (!a?.deprecated) out.deprecated.push(summary(b));
    } else if (!a || a.revoked || a.deprecated) {
      // New, or reinstated: usable in `to` and not in `from`.
      out.added.push(summary(b));
    } else {
      const fields = changedFields(a, b);
      if (fields.length > 0) {
        out.changed.push({
          external_id: b.externalId,
          name: b.name,
          fields,
          before: { name: a.name, tactics: a.tactics, platforms: a.platforms },
          after: { name: b.name, tactics: b.tactics, platforms: b.platforms },
        });
      }
    }
  }
  for (const a of from) if (!after.has(a.stixId)) out.removed.push(summary(a));
  out.added.sort(byId);
  out.changed.sort(byId);
  out.deprecated.sort(byId);
  out.revoked.sort(byId);
  out.removed.sort(byId);
  return out;
}

const snapshot = (db: DbOrTx, releaseId: string): Promise<SnapshotRow[]> =>
  db.select().from(attackReleaseTechniques).where(eq(attackReleaseTechniques.releaseId, releaseId));

/**
 * What changed between two releases of one domain (`a` → `b`), then what each impact
 * provider says the change touches. 404 for an unknown release, 422 across domains.
 */
export async function diffReleases(
  db: DbOrTx,
  a: string,
  b: string,
  opts: DiffOptions = {},
): Promise<ReleaseDiff> {
  const [from, to] = await Promise.all([releaseById(db, a), releaseById(db, b)]);
  if (!from) throw notFound(`Release ${a}`);
  if (!to) throw notFound(`Release ${b}`);
  if (from.domain !== to.domain) {
    throw new DomainError(
      ErrorCode.ValidationFailed,
      `Releases of different domains cannot be compared (${from.domain} vs ${to.domain})`,
      {
        errors: [{ path: 'params.b', message: `is a release of ${to.domain}, not ${from.domain}` }],
      },
    );
  }
  const [before, after] = await Promise.all([snapshot(db, from.id), snapshot(db, to.id)]);
  const diff: ReleaseDiffCore = {
    from: toReleaseWire(from),
    to: toReleaseWire(to),
    ...diffSnapshots(before, after),
  };
  const touched = [
    ...new Set(
      [...diff.changed, ...diff.deprecated, ...diff.revoked, ...diff.removed].map(
        (t) => t.external_id,
      ),
    ),
  ].sort();
  const impacts: DiffImpact[] = [];
  for (const provider of opts.providers ?? []) {
    impacts.push(...(await provider.impacts({ db, diff, actor: opts.actor ?? null, touched })));
  }
  return { ...diff, impacts };
}

/** The release diff bound to the app's database and impact providers. */
export class DiffService {
  constructor(
    private readonly db: DbOrTx,
    private readonly providers: readonly DiffImpactProvider[],
  ) {}

  diff(a: string, b: string, actor: Actor | null): Promise<ReleaseDiff> {
    return diffReleases(this.db, a, b, { providers: this.providers, actor });
  }
}
