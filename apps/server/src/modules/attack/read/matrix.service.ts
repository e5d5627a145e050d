import type { AttackDomain, Matrix } from '@metamorph/contract';
import type { DbOrTx } from '../../../platform/tx.js';
import {
  currentRelease,
  currentTactics,
  techniqueSummaries,
  visibleTechniques,
  type SummaryRow,
  type VisibilityFilter,
} from './catalog.repo.js';
import { toReleaseWire, toSummaryWire } from './mappers.js';

type MatrixTechnique = Matrix['tactics'][number]['techniques'][number];

const byName = (a: SummaryRow, b: SummaryRow): number =>
  a.name.localeCompare(b.name, 'en') || (a.externalId < b.externalId ? -1 : 1);

/**
 * The matrix of the current release of a domain, built from three set-based queries.
 * Results are cached per (release id, filter): an import makes a new release id, so a
 * stale entry is never served, and a second instance simply builds its own.
 */
export interface MatrixBody {
  /** The serialised Matrix, built once per release and filter. */
  json: string;
  /** Strong validator: the body changes only with the release or the filter. */
  etag: string;
}

export class MatrixService {
  private readonly cache = new Map<string, MatrixBody>();

  constructor(private readonly db: DbOrTx) {}

  async matrix(domain: AttackDomain, filter: VisibilityFilter): Promise<MatrixBody> {
    const release = await currentRelease(this.db, domain);
    if (!release) {
      const empty: Matrix = { domain, release: null, platforms: [], tactics: [] };
      return { json: JSON.stringify(empty), etag: `"${domain}-none"` };
    }
    const prefix = `${domain}|${release.id}|`;
    const key = `${prefix}${filter.includeRevoked}|${filter.includeDeprecated}`;
    const hit = this.cache.get(key);
    if (hit) return hit;

    const [tactics, techniques] = await Promise.all([
      currentTactics(this.db, domain),
      techniqueSummaries(this.db, visibleTechniques(domain, filter)),
    ]);
    const subsByParent = new Map<string, SummaryRow[]>();
    const parents: SummaryRow[] = [];
    const platforms = new Set<string>();
    for (const t of techniques) {
      for (const p of t.platforms) platforms.add(p);
      if (t.isSubtechnique && t.parentExternalId) {
        const list = subsByParent.get(t.parentExternalId) ?? [];
        list.push(t);
        subsByParent.set(t.parentExternalId, list);
      } else if (!t.isSubtechnique) {
        parents.push(t);
      }
    }
    parents.sort(byName);
    const built: Matrix = {
      domain,
      release: toReleaseWire(release),
      platforms: [...platforms].sort((a, b) => a.localeCompare(b, 'en')),
      tactics: tactics.map((tactic) => ({
        external_id: tactic.externalId,
        shortname: tactic.shortname,
        name: tactic.name,
        description: tactic.description,
        url: tactic.url,
        techniques: parents
          .filter((t) => t.tactics.includes(tactic.shortname))
          .map((t): MatrixTechnique => ({
            ...toSummaryWire(t),
            // A sub-technique sits under its parent in the columns of its own tactics.
            subtechniques: (subsByParent.get(t.externalId) ?? [])
              .filter((s) => s.tactics.length === 0 || s.tactics.includes(tactic.shortname))
              .map(toSummaryWire),
          })),
      })),
    };
    // Old releases' entries are useless once a newer one is current: keep the map small.
    for (const k of this.cache.keys()) {
      if (k.startsWith(`${domain}|`) && !k.startsWith(prefix)) this.cache.delete(k);
    }
    const body = {
      json: JSON.stringify(built),
      etag: `"${release.id}-${Number(filter.includeRevoked)}${Number(filter.includeDeprecated)}"`,
    };
    this.cache.set(key, body);
    return body;
  }
}
