import {
  aggregateAcrossMissions,
  aggregateByTechnique,
  classifyTest,
  cmpId,
  type AggregateRule,
  type DetectionLevel,
  type OutcomeBasis,
  type ResultTest,
  type TechniqueResult,
} from '@metamorph/contract';
import {
  LAYER_DOMAIN,
  LAYER_FORMAT,
  NAVIGATOR_VERSION,
  type LayerMetadata,
  type LayerTechnique,
  type NavigatorLayer,
} from './navigator-layer.js';

/**
 * The ATT&CK Navigator layer (format 4.5) of a set of result tests: one mission's, or many
 * missions' for a client coverage layer. Pure; the numbers come from the contract's
 * aggregateByTechnique (the one place derived results are computed).
 *
 * - One technique entry per technique × tactic (the tactic shortnames of the tag snapshots).
 *   A technique whose snapshot knows no tactic gets one entry without `tactic`, which the
 *   Navigator applies under every tactic of the technique.
 * - `score` is the coverage score of the level the rule picks, `color` that level's colour.
 * - Techniques tested but without an outcome yet (not run, or run and awaiting blue's level)
 *   are emitted unscored: no score, no colour, a comment saying why. The format defines an
 *   absent score as "unscored", which the Navigator leaves uncoloured and (countUnscored
 *   false) out of aggregate scores, so the layer still shows what was planned.
 * - The parent of a scored sub-technique carries `showSubtechniques: true` (an unscored
 *   parent entry is added when the parent itself was not tagged).
 * - `versions.attack`: the major ATT&CK release most of the technique tags were snapshotted
 *   from (ties: the newest); absent when none is known (the Navigator then takes its current).
 */

export type LayerLevel = Pick<
  DetectionLevel,
  'id' | 'key' | 'label' | 'colour' | 'rank' | 'coverage_score'
>;

export interface LayerInput {
  /** The layer's name (the mission's, or e.g. "<client> coverage"). */
  name: string;
  /** Put before the standard description of the scoring. */
  description?: string;
  tests: readonly ResultTest[];
  /** Test names by test id, shown in the comments (prefix the mission for several). */
  testNames: ReadonlyMap<string, string>;
  /** Every detection level (gradient and legend), any order. */
  levels: readonly LayerLevel[];
  rule: AggregateRule;
  basis?: OutcomeBasis;
  /** The ATT&CK release of each technique tag snapshot (null when unknown). */
  attackReleases: ReadonlyArray<string | null>;
  /**
   * Several missions (a client layer): the order of each test's mission, higher is later.
   * With it, `latest` judges a technique by its latest mission with an outcome, as the
   * coverage heat map does (contract aggregateAcrossMissions).
   */
  missionRank?: (testId: string) => number;
  /** Layer metadata (mission, client, …); the rule is appended. */
  metadata?: readonly LayerMetadata[];
}

const RULE_TEXT: Record<AggregateRule, string> = {
  worst: 'the worst outcome',
  best: 'the best outcome',
  latest: 'the latest outcome',
};
/** Across missions `latest` means the latest mission's (worst within it). */
const RULE_TEXT_MISSIONS: Record<AggregateRule, string> = {
  ...RULE_TEXT,
  latest: 'the latest mission (its worst outcome)',
};
/** The Navigator's default, for a layer without levels (it needs at least two colours). */
const DEFAULT_GRADIENT = ['#ff6666', '#ffe766', '#8ec843'];

export const byRank = (levels: readonly LayerLevel[]): LayerLevel[] =>
  [...levels].sort((a, b) => a.rank - b.rank || cmpId(a.key, b.key));

/** The most common major ATT&CK release of the snapshots (ties: the newest), e.g. "16". */
export function attackVersion(releases: ReadonlyArray<string | null>): string | undefined {
  const counts = new Map<number, number>();
  for (const r of releases) {
    const m = r ? /^\s*v?(\d+)/i.exec(r) : null;
    if (m) counts.set(Number(m[1]), (counts.get(Number(m[1])) ?? 0) + 1);
  }
  let best: [number, number] | undefined;
  for (const [major, n] of counts) {
    if (!best || n > best[1] || (n === best[1] && major > best[0])) best = [major, n];
  }
  return best ? String(best[0]) : undefined;
}

export function buildLayer(input: LayerInput): NavigatorLayer {
  const ruleText = (input.missionRank ? RULE_TEXT_MISSIONS : RULE_TEXT)[input.rule];
  const levels = byRank(input.levels);
  const levelById = new Map(levels.map((l) => [l.id, l]));
  const opts = { basis: input.basis };
  const testById = new Map(input.tests.map((t) => [t.id, t]));

  const testLine = (t: ResultTest): string => {
    const name = input.testNames.get(t.id) ?? t.id;
    const c = classifyTest(t, opts);
    const label = (id: string | undefined) => (id && levelById.get(id)?.label) || t.level?.key;
    if (c === 'awaiting_outcome') return `${name}: awaiting outcome`;
    if (c === 'awaiting_review') return `${name}: ${label(t.level?.id)}, awaiting review`;
    if (c === 'pending' || c === 'skipped' || c === 'blocked') return `${name}: ${c}`;
    return `${name}: ${label(t.level?.id)}`;
  };
  const comment = (r: TechniqueResult): string => {
    const n = `${r.tests} test${r.tests === 1 ? '' : 's'}`;
    const head =
      r.status === 'outcome'
        ? `${levelById.get(r.level?.id ?? '')?.label ?? r.level?.key}: ${ruleText} of ${n}`
        : r.status === 'awaiting'
          ? `Unscored: ${n}, none with an outcome yet`
          : `Unscored: ${n}, none run yet`;
    const lines = r.test_ids.flatMap((id) => {
      const t = testById.get(id);
      return t ? [`- ${testLine(t)}`] : [];
    });
    return [head, ...lines].join('\n');
  };

  const entries: LayerTechnique[] = [];
  const scoredSubs: Array<{ parent: string; tactics: Array<string | undefined> }> = [];
  const rank = input.missionRank;
  const results = rank
    ? aggregateAcrossMissions(input.tests, input.rule, (t) => rank(t.id), opts)
    : aggregateByTechnique(input.tests, input.rule, opts);
  for (const r of results) {
    const tactics = techniqueTactics(input.tests, r.external_id);
    const scored = r.status === 'outcome' && r.level !== null;
    const colour = scored ? levelById.get(r.level?.id ?? '')?.colour : undefined;
    for (const tactic of tactics) {
      entries.push({
        techniqueID: r.external_id,
        ...(tactic === undefined ? {} : { tactic }),
        ...(scored ? { score: r.level?.coverage_score } : {}),
        ...(colour ? { color: colour } : {}),
        comment: comment(r),
        enabled: true,
      });
    }
    const dot = r.external_id.indexOf('.');
    if (scored && dot > 0) scoredSubs.push({ parent: r.external_id.slice(0, dot), tactics });
  }
  for (const { parent, tactics } of scoredSubs) {
    for (const tactic of tactics) {
      const had = entries.find((e) => e.techniqueID === parent && e.tactic === tactic);
      if (had) had.showSubtechniques = true;
      else {
        entries.push({
          techniqueID: parent,
          ...(tactic === undefined ? {} : { tactic }),
          comment: 'Not tested itself: see its sub-techniques',
          enabled: true,
          showSubtechniques: true,
        });
      }
    }
  }
  entries.sort(
    (a, b) => cmpId(a.techniqueID, b.techniqueID) || cmpId(a.tactic ?? '', b.tactic ?? ''),
  );

  const colours = levels.map((l) => l.colour);
  const attack = attackVersion(input.attackReleases);
  const scoring =
    `Scores are the coverage score (0–100) of the detection level of ${ruleText} ` +
    'of the tests of each technique; techniques without an outcome yet are unscored.';
  return {
    name: input.name,
    versions: {
      ...(attack ? { attack } : {}),
      navigator: NAVIGATOR_VERSION,
      layer: LAYER_FORMAT,
    },
    domain: LAYER_DOMAIN,
    description: input.description ? `${input.description} ${scoring}` : scoring,
    sorting: 0,
    layout: {
      layout: 'side',
      showID: true,
      showName: true,
      showAggregateScores: false,
      countUnscored: false,
      aggregateFunction: 'average',
      expandedSubtechniques: 'none',
    },
    hideDisabled: false,
    techniques: entries,
    gradient: {
      colors:
        colours.length === 0
          ? DEFAULT_GRADIENT
          : colours.length === 1
            ? [colours[0]!, colours[0]!]
            : colours,
      minValue: 0,
      maxValue: 100,
    },
    legendItems: levels.map((l) => ({ label: l.label, color: l.colour })),
    showTacticRowBackground: false,
    tacticRowBackground: '#dddddd',
    selectTechniquesAcrossTactics: true,
    selectSubtechniquesWithParent: false,
    selectVisibleTechniques: false,
    metadata: [...(input.metadata ?? []), { name: 'Aggregation', value: input.rule }],
  };
}

/** The tactic shortnames of a technique across the tests' snapshots (first seen first). */
function techniqueTactics(tests: readonly ResultTest[], externalId: string) {
  const out: string[] = [];
  for (const t of tests) {
    for (const tag of t.tags) {
      if (tag.external_id !== externalId || tag.kind === 'tactic') continue;
      for (const x of tag.tactics) if (!out.includes(x.shortname)) out.push(x.shortname);
    }
  }
  return out.length > 0 ? out : [undefined];
}
