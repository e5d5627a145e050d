import type {
  AttackDomain,
  GroupDetail,
  TechniqueDetail,
  TechniqueQuery,
  TechniqueSummary,
} from '@metamorph/contract';
import { and, eq } from 'drizzle-orm';
import { attackTactics, attackTechniques } from '../../../db/schema/index.js';
import { notFound, validationFailed } from '../../../platform/errors.js';
import type { DbOrTx } from '../../../platform/tx.js';
import {
  currentRelease,
  relatedToTarget,
  searchTechniques,
  tacticsByShortname,
  techniqueByExternalId,
  techniqueSummaries,
  visibleTechniques,
} from './catalog.repo.js';
import { groupByExternalId, listGroups, usesOfGroup } from './groups.repo.js';
import { toGroupDetail, toGroupSummary, toSummaryWire, toTechniqueDetail } from './mappers.js';

const encodeCursor = (externalId: string): string =>
  Buffer.from(externalId, 'utf8').toString('base64url');

function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[A-Z]{1,3}\d{4}(\.\d{3})?$/.test(id)) {
    throw validationFailed([{ path: 'query.cursor', message: 'is not a cursor from this API' }]);
  }
  return id;
}

/** Technique search and detail, group list and detail, over the current release of a domain. */
export class CatalogService {
  constructor(private readonly db: DbOrTx) {}

  async searchTechniques(
    query: TechniqueQuery,
  ): Promise<{ items: TechniqueSummary[]; next_cursor: string | null; total: number }> {
    const tactics = query.tactic
      ? await this.tacticShortnames(query.domain, query.tactic)
      : undefined;
    const { rows, total } = await searchTechniques(this.db, {
      domain: query.domain,
      q: query.q || undefined,
      tactics,
      platform: query.platform || undefined,
      subtechniques: query.subtechniques,
      includeRevoked: query.include_revoked === 'true',
      includeDeprecated: query.include_deprecated === 'true',
      after: query.cursor ? decodeCursor(query.cursor) : undefined,
      limit: query.limit,
    });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map(toSummaryWire),
      next_cursor: rows.length > query.limit && last ? encodeCursor(last.externalId) : null,
      total,
    };
  }

  /** A tactic given by shortname (`execution`), external id (`TA0002`) or name (`Execution`). */
  private async tacticShortnames(domain: AttackDomain, tactic: string): Promise<string[]> {
    const rows = await this.db
      .select({
        shortname: attackTactics.shortname,
        externalId: attackTactics.externalId,
        name: attackTactics.name,
      })
      .from(attackTactics)
      .where(and(eq(attackTactics.domain, domain), eq(attackTactics.inCurrentRelease, true)));
    const wanted = tactic.trim().toLowerCase();
    const found = rows.filter(
      (t) =>
        t.shortname.toLowerCase() === wanted ||
        t.externalId.toLowerCase() === wanted ||
        t.name.toLowerCase() === wanted,
    );
    // An unknown tactic matches nothing (an empty page), like any other filter.
    return found.length > 0 ? found.map((t) => t.shortname) : [tactic];
  }

  /** Technique details per current release: the catalog only changes with a new release. */
  private readonly details = new Map<string, TechniqueDetail>();

  async technique(domain: AttackDomain, externalId: string): Promise<TechniqueDetail> {
    const release = await currentRelease(this.db, domain);
    if (!release) throw notFound(`Technique ${externalId}`);
    const key = `${release.id}:${externalId}`;
    const hit = this.details.get(key);
    if (hit) return hit;
    const detail = await this.loadTechnique(domain, externalId, release);
    this.details.set(key, detail);
    // A bounded cache: the oldest entries go first (a release has ~840 techniques).
    while (this.details.size > 3000) {
      const oldest = this.details.keys().next().value;
      if (oldest === undefined) break;
      this.details.delete(oldest);
    }
    return detail;
  }

  private async loadTechnique(
    domain: AttackDomain,
    externalId: string,
    release: NonNullable<Awaited<ReturnType<typeof currentRelease>>>,
  ): Promise<TechniqueDetail> {
    const row = await techniqueByExternalId(this.db, domain, externalId);
    if (!row) throw notFound(`Technique ${externalId}`);
    const [subtechniques, tactics, related] = await Promise.all([
      row.isSubtechnique
        ? Promise.resolve([])
        : techniqueSummaries(this.db, [
            ...visibleTechniques(domain, { includeRevoked: false, includeDeprecated: false }),
            eq(attackTechniques.parentExternalId, row.externalId),
            eq(attackTechniques.isSubtechnique, true),
          ]),
      tacticsByShortname(this.db, domain, row.tactics),
      relatedToTarget(this.db, domain, row.stixId),
    ]);
    return toTechniqueDetail(row, { release, subtechniques, tactics, ...related });
  }

  async groups(domain: AttackDomain, q: string | undefined) {
    const rows = await listGroups(this.db, domain, q || undefined);
    return { items: rows.map(toGroupSummary) };
  }

  async group(domain: AttackDomain, externalId: string): Promise<GroupDetail> {
    const row = await groupByExternalId(this.db, domain, externalId);
    if (!row) throw notFound(`Group ${externalId}`);
    return toGroupDetail(row, await usesOfGroup(this.db, domain, row.stixId));
  }
}
