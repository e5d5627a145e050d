import type { DiffImpact, ReleaseDiff } from '@metamorph/contract';

export const LIBRARY_PROVIDER = 'library.test_templates';

/** The diff's impacts on library test templates, by name. */
export function libraryImpacts(diff: Pick<ReleaseDiff, 'impacts'>): DiffImpact[] {
  return diff.impacts
    .filter((i) => i.provider === LIBRARY_PROVIDER)
    .sort((a, b) => a.label.localeCompare(b.label));
}

export interface RemapOffer {
  /** The revoked technique. */
  from: string;
  /** What replaces it in the newer release. */
  to: string;
  /** How many of the impacted templates are tagged with `from`. */
  templates: number;
}

/** One "Remap" per revoked technique that has a successor and tags some template. */
export function remapOffers(
  diff: Pick<ReleaseDiff, 'revoked'>,
  impacts: readonly DiffImpact[],
): RemapOffer[] {
  const offers: RemapOffer[] = [];
  for (const t of diff.revoked) {
    if (!t.revoked_by) continue;
    const templates = impacts.filter((i) => i.external_ids.includes(t.external_id)).length;
    if (templates > 0) offers.push({ from: t.external_id, to: t.revoked_by, templates });
  }
  return offers.sort((a, b) => a.from.localeCompare(b.from));
}

/** The revoked ids of one impacted template with their successors. */
export function revokedIdsOf(
  impact: DiffImpact,
  diff: Pick<ReleaseDiff, 'revoked'>,
): { from: string; to: string | null }[] {
  return diff.revoked
    .filter((t) => impact.external_ids.includes(t.external_id))
    .map((t) => ({ from: t.external_id, to: t.revoked_by }));
}
