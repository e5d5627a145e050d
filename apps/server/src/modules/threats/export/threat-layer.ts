import type {
  ResultLevelInfo,
  ThreatCoverage,
  ThreatCoverageTechnique,
  ThreatLayerOthers,
  ThreatStatus,
} from '@metamorph/contract';
import { cmpId } from '@metamorph/contract';
import {
  attackVersion,
  LAYER_DOMAIN,
  LAYER_FORMAT,
  NAVIGATOR_VERSION,
  type LayerMetadata,
  type LayerTechnique,
  type NavigatorLayer,
} from '../../results/index.js';

/**
 * The threat overlay of a profile as an ATT&CK Navigator layer (format 4.5), pure
 * (docs/threat-coverage.md, "Exports"):
 *
 * - One entry per profile technique × tactic of the current release; `score` is the threat
 *   importance (weight × max(1, profile entries using it)), `color` the colour of the detection
 *   level deciding its status (the results layer's colours and legend), not tested a fixed
 *   pale colour; the comment names the status and the tests behind it; `metadata` carries the
 *   status, level, weight, importance and the groups using it.
 * - A parent of a profile sub-technique that is not in the profile itself stays enabled,
 *   unscored, with its sub-techniques shown (hiding it would hide them).
 * - Every other live technique of the release is listed disabled: `others=grey` shows them
 *   greyed (`hideDisabled: false`), `others=hide` hides them (`hideDisabled: true`).
 */

export const NOT_TESTED_COLOUR = '#e3e6f0';
export const STATUS_LABELS: Record<ThreatStatus, string> = {
  detected: 'Detected',
  logged: 'Logged only',
  missed: 'Missed',
  not_tested: 'Not tested',
};

export type ThreatLayerTechnique = LayerTechnique & { metadata?: LayerMetadata[] };
export type ThreatLayer = Omit<NavigatorLayer, 'techniques'> & {
  techniques: ThreatLayerTechnique[];
};

export interface ThreatLayerInput {
  coverage: ThreatCoverage;
  /** Every detection level (legend), any order. */
  levels: readonly ResultLevelInfo[];
  /** "Mission / test name" by test id, for the comments. */
  testNames: ReadonlyMap<string, string>;
  /** The live techniques of the current release with their tactic shortnames. */
  catalog: ReadonlyArray<{ externalId: string; tactics: readonly string[] }>;
  others: ThreatLayerOthers;
  /** The ATT&CK release the profile was resolved against ("16.1"). */
  attackRelease: string | null;
  exportedAt: Date;
}

const pct = (x: number | null) => (x === null ? 'n/a' : `${Math.round(x * 100)}%`);
const fmt = (n: number) => String(Math.round(n * 100) / 100);

function techniqueEntries(t: ThreatCoverageTechnique, names: ReadonlyMap<string, string>) {
  const colour = t.level?.colour ?? NOT_TESTED_COLOUR;
  const status = STATUS_LABELS[t.status];
  const why = t.level ? `${status} (${t.level.label})` : status;
  const n = t.tests.length;
  const comment = [
    `${why}: importance ${fmt(t.importance)} = weight ${fmt(t.weight)} × ${Math.max(1, t.groups.length)}` +
      (t.groups.length ? ` (used by ${t.groups.join(', ')})` : ' (extra technique)'),
    n === 0 ? 'No test of it has an outcome.' : `Decided by ${n} test${n === 1 ? '' : 's'}:`,
    ...t.tests.map((id) => `- ${names.get(id) ?? id}`),
  ].join('\n');
  const metadata: LayerMetadata[] = [
    { name: 'Status', value: status },
    ...(t.level ? [{ name: 'Detection level', value: t.level.label }] : []),
    { name: 'Weight', value: fmt(t.weight) },
    { name: 'Importance', value: fmt(t.importance) },
    { name: 'Used by', value: t.groups.join(', ') || 'extra technique' },
    ...(t.last_tested_at ? [{ name: 'Last tested', value: t.last_tested_at }] : []),
  ];
  const tactics = t.tactics.length ? t.tactics : [undefined];
  return tactics.map((tactic): ThreatLayerTechnique => ({
    techniqueID: t.technique_id,
    ...(tactic === undefined ? {} : { tactic }),
    score: t.importance,
    color: colour,
    comment,
    enabled: true,
    metadata,
  }));
}

export function buildThreatLayer(input: ThreatLayerInput): ThreatLayer {
  const c = input.coverage;
  const entries: ThreatLayerTechnique[] = c.techniques.flatMap((t) =>
    techniqueEntries(t, input.testNames),
  );
  const inProfile = new Set(c.techniques.map((t) => t.technique_id));
  const tacticsOf = new Map(input.catalog.map((t) => [t.externalId, t.tactics]));
  const parents = new Set<string>();
  for (const e of entries) {
    const dot = e.techniqueID.indexOf('.');
    if (dot < 0) continue;
    const parent = e.techniqueID.slice(0, dot);
    if (inProfile.has(parent)) {
      for (const p of entries) if (p.techniqueID === parent) p.showSubtechniques = true;
    } else parents.add(parent);
  }
  for (const parent of parents) {
    const tactics = tacticsOf.get(parent) ?? [];
    for (const tactic of tactics.length ? tactics : [undefined]) {
      entries.push({
        techniqueID: parent,
        ...(tactic === undefined ? {} : { tactic }),
        comment: 'Not in the profile itself: see its sub-techniques',
        enabled: true,
        showSubtechniques: true,
      });
    }
  }
  for (const t of input.catalog) {
    if (inProfile.has(t.externalId) || parents.has(t.externalId)) continue;
    entries.push({ techniqueID: t.externalId, comment: 'Not in the profile', enabled: false });
  }
  entries.sort(
    (a, b) => cmpId(a.techniqueID, b.techniqueID) || cmpId(a.tactic ?? '', b.tactic ?? ''),
  );

  const levels = [...input.levels].sort((a, b) => a.rank - b.rank || cmpId(a.key, b.key));
  const maxImportance = Math.max(1, ...c.techniques.map((t) => t.importance));
  const release = input.attackRelease;
  const attack =
    release && /^[0-9]+(\.[0-9]+)?$/.test(release) ? release : attackVersion([release]);
  const i = c.inputs;
  return {
    name: `${c.profile.name} — threat coverage`,
    versions: { ...(attack ? { attack } : {}), navigator: NAVIGATOR_VERSION, layer: LAYER_FORMAT },
    domain: LAYER_DOMAIN,
    description:
      `Threat profile ${c.profile.name} of ${c.client.name}: ${c.techniques.length} techniques, ` +
      `threat coverage score ${pct(c.score)} (${fmt(i.detected_importance)} of ` +
      `${fmt(i.total_importance)} importance detected). Scores are the threat importance ` +
      '(weight × the profile entries using the technique); colours are the detection level ' +
      'deciding its status; techniques outside the profile are ' +
      (input.others === 'hide' ? 'hidden.' : 'greyed.'),
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
    hideDisabled: input.others === 'hide',
    techniques: entries,
    gradient: { colors: ['#ffffff', '#ff6666'], minValue: 0, maxValue: maxImportance },
    legendItems: [
      ...levels.map((l) => ({ label: l.label, color: l.colour })),
      { label: 'Not tested', color: NOT_TESTED_COLOUR },
    ],
    showTacticRowBackground: false,
    tacticRowBackground: '#dddddd',
    selectTechniquesAcrossTactics: true,
    selectSubtechniquesWithParent: false,
    selectVisibleTechniques: false,
    metadata: [
      { name: 'Client', value: c.client.name },
      { name: 'Threat profile', value: `${c.profile.name} (version ${c.profile.version})` },
      { name: 'Threat coverage score', value: pct(c.score) },
      {
        name: 'Score inputs',
        value:
          `${i.detected} detected, ${i.logged} logged only, ${i.missed} missed, ` +
          `${i.not_tested} not tested of ${i.techniques}; importance ` +
          `${fmt(i.detected_importance)} / ${fmt(i.total_importance)}`,
      },
      { name: 'Aggregation', value: c.rule },
      { name: 'Outcome basis', value: c.basis },
      { name: 'Detected from level', value: c.min_level?.label ?? 'none' },
      { name: 'Missions', value: c.missions.map((m) => `${m.name} (${m.date})`).join('; ') },
      { name: 'Exported', value: input.exportedAt.toISOString() },
    ],
  };
}
