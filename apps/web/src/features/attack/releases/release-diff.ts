import type { AttackRelease, ReleaseDiff } from '@metamorph/contract';
import { domainLabel } from '../attack-ids';

export interface ListDelta {
  added: string[];
  removed: string[];
  kept: string[];
}

/** What changed between two lists of names (tactics, platforms), in their own order. */
export function listDelta(before: readonly string[], after: readonly string[]): ListDelta {
  const was = new Set(before);
  const now = new Set(after);
  return {
    added: after.filter((v) => !was.has(v)),
    removed: before.filter((v) => !now.has(v)),
    kept: after.filter((v) => was.has(v)),
  };
}

export type DiffSection = 'added' | 'changed' | 'deprecated' | 'revoked' | 'removed';

export const DIFF_SECTIONS: readonly { key: DiffSection; label: string; color: string }[] = [
  { key: 'added', label: 'Added', color: 'teal' },
  { key: 'changed', label: 'Changed', color: 'blue' },
  { key: 'deprecated', label: 'Deprecated', color: 'orange' },
  { key: 'revoked', label: 'Revoked', color: 'red' },
  { key: 'removed', label: 'Removed', color: 'gray' },
];

/** The first section with entries (the tab to open), else "added". */
export function firstNonEmpty(diff: ReleaseDiff): DiffSection {
  return DIFF_SECTIONS.find((s) => diff[s.key].length > 0)?.key ?? 'added';
}

/** Newest first. */
export function sortReleases(releases: readonly AttackRelease[]): AttackRelease[] {
  return [...releases].sort((a, b) => b.imported_at.localeCompare(a.imported_at));
}

/**
 * The pair to compare when the user has not picked one: the two newest releases of
 * the current release's domain (Enterprise first), older → newer; null when there
 * are fewer than two.
 */
export function defaultDiffPair(
  releases: readonly AttackRelease[],
): { from: string; to: string } | null {
  const sorted = sortReleases(releases);
  const domains = ['enterprise-attack', ...sorted.map((r) => r.domain)];
  for (const domain of domains) {
    const same = sorted.filter((r) => r.domain === domain);
    const [to, from] = same;
    if (to && from) return { from: from.id, to: to.id };
  }
  return null;
}

export function releaseLabel(release: AttackRelease): string {
  return `${domainLabel(release.domain)} v${release.version}`;
}

const COUNT_LABELS: Record<string, string> = {
  tactics: 'Tactics',
  techniques: 'Techniques',
  subtechniques: 'Sub-techniques',
  sub_techniques: 'Sub-techniques',
  groups: 'Groups',
  software: 'Software',
  mitigations: 'Mitigations',
  relationships: 'Relationships',
  revoked: 'Revoked',
  deprecated: 'Deprecated',
};
const COUNT_ORDER = Object.keys(COUNT_LABELS);
/** The counts a release table shows at a glance; the rest sit in a tooltip. */
export const PRIMARY_COUNTS: ReadonlySet<string> = new Set([
  'tactics',
  'techniques',
  'subtechniques',
  'sub_techniques',
  'groups',
  'software',
  'mitigations',
]);

/** "3 sub-techniques", "1 sub-technique": a count with its lower-case label. */
export function countText(entry: { label: string; value: number }): string {
  const label = entry.label.toLowerCase();
  const one = entry.value === 1 && /[^s]s$/.test(label) ? label.slice(0, -1) : label;
  return `${entry.value.toLocaleString()} ${one}`;
}

/** "Upload · bundle.json" for an uploaded file; the URL otherwise. */
export function sourceText(source: string): string {
  return source.startsWith('upload:') ? `Upload · ${source.slice('upload:'.length)}` : source;
}

/** A release's counts with readable labels, known ones first in a fixed order. */
export function countEntries(
  counts: Readonly<Record<string, number>>,
): { key: string; label: string; value: number }[] {
  const rank = (key: string) => {
    const i = COUNT_ORDER.indexOf(key);
    return i === -1 ? COUNT_ORDER.length : i;
  };
  return Object.entries(counts)
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([key, value]) => ({
      key,
      label: COUNT_LABELS[key] ?? capitalise(key.replace(/[_-]+/g, ' ')),
      value,
    }));
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
