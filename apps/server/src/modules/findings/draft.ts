import {
  GapReason,
  maxSeverity,
  suggestSeverity,
  type CountsAs,
  type DetectionReference,
  type FindingProposal,
} from '@metamorph/contract';
import type { JudgedTest } from './verdict.js';
import { techniqueIds } from './verdict.js';

/** What drafting reads of a test beyond the results read model (its snapshot). */
export interface DraftSnapshot {
  opsecLevel: string;
  expectedBlueMd: string | null;
  detectionRefs: DetectionReference[];
}

const OUTCOME_TEXT: Record<CountsAs, string> = {
  none: 'not detected',
  logged: 'logged only',
  alerted: 'alerted',
  prevented: 'prevented',
};

const TITLE: Record<CountsAs, string> = {
  none: 'No detection',
  logged: 'Logged but not alerted',
  alerted: 'Detection below expectation',
  prevented: 'Detection below expectation',
};

/** The worst outcome of a group (none < logged < alerted < prevented). */
const ORDER: readonly CountsAs[] = ['none', 'logged', 'alerted', 'prevented'];

const refText = (r: DetectionReference) =>
  [r.kind, r.ref_id, r.title, r.url].filter((x): x is string => Boolean(x)).join(' — ');

/**
 * One proposal per group of reviewed gaps (testVerdict), grouped by their technique ids and
 * gap reason: severity is the highest suggestSeverity of the group's tests, the recommendation
 * the tests' expected blue behaviour and their detection references; the Sigma rule is the
 * first Sigma reference's id, the SIEM query the first hunt query blue recorded. Pure.
 */
export function draftProposals(
  tests: readonly JudgedTest[],
  snapshots: ReadonlyMap<string, DraftSnapshot>,
): FindingProposal[] {
  const groups = new Map<string, JudgedTest[]>();
  for (const t of tests) {
    if (t.verdict !== 'gap') continue;
    const gap = GapReason.safeParse(t.row.gapReason?.trim()).data ?? null;
    const key = `${techniqueIds(t.row).join('+') || 'none'}|${gap ?? 'unspecified'}`;
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  return [...groups].map(([key, group]) => {
    const first = group[0]!;
    const ids = techniqueIds(first.row);
    const names = ids.map((id) => {
      const tag = first.row.attack.find((a) => a.externalId === id);
      return tag?.name ? `${id} ${tag.name}` : id;
    });
    const worst = group
      .map((t) => t.outcome ?? 'none')
      .reduce((a, b) => (ORDER.indexOf(b) < ORDER.indexOf(a) ? b : a));
    const severity = group
      .map((t) => suggestSeverity(t.outcome ?? 'none', snapshots.get(t.row.id)?.opsecLevel ?? ''))
      .reduce(maxSeverity);
    const gap = GapReason.safeParse(first.row.gapReason?.trim()).data ?? null;
    const subject = names.length ? names.join(', ') : first.row.name;
    const description = group.map((t) => {
      const facts = [
        OUTCOME_TEXT[t.outcome ?? 'none'],
        t.expectation ? `expectation ${t.expectation.replace('_', ' ')}` : null,
        t.row.gapReason ? `gap: ${t.row.gapReason}` : null,
      ].filter(Boolean);
      return `- **${t.row.name}**: ${facts.join('; ')}`;
    });
    const expected = [
      ...new Set(group.flatMap((t) => snapshots.get(t.row.id)?.expectedBlueMd?.trim() || [])),
    ];
    const refs = group.flatMap((t) => snapshots.get(t.row.id)?.detectionRefs ?? []);
    const refLines = [...new Set(refs.map(refText).filter(Boolean))];
    const recommendation = [
      ...expected,
      ...(refLines.length
        ? [`Detection references:\n${refLines.map((r) => `- ${r}`).join('\n')}`]
        : []),
    ].join('\n\n');
    return {
      key,
      technique_ids: ids,
      title: `${TITLE[worst]}: ${subject}`.slice(0, 300),
      severity,
      description_md: `Reviewed tests with a detection gap:\n\n${description.join('\n')}`,
      recommendation_md: recommendation || null,
      test_ids: group.map((t) => t.row.id),
      gap_reason: gap,
      sigma_rule: refs.find((r) => r.kind === 'sigma' && r.ref_id)?.ref_id ?? null,
      siem_query: group.find((t) => t.row.huntQuery?.trim())?.row.huntQuery ?? null,
    };
  });
}
