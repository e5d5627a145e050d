import {
  OPEN_FINDING_STATUSES,
  SEVERITY_RANK,
  type Finding,
  type FindingSeverity,
} from '@metamorph/contract';
import {
  LAYER_DOMAIN,
  LAYER_FORMAT,
  NAVIGATOR_VERSION,
  type LayerTechnique,
  type NavigatorLayer,
} from '../results/index.js';

/** Severity colours, info → critical (the legend). */
export const SEVERITY_COLOURS: Readonly<Record<FindingSeverity, string>> = {
  info: '#9e9e9e',
  low: '#ffe766',
  medium: '#ffb74d',
  high: '#ff7043',
  critical: '#d32f2f',
};

/**
 * A Navigator layer (format 4.5, as the results layers) of a mission's open findings: one
 * entry per technique of an open finding (scored 0–4 by its worst open finding's severity),
 * the findings' titles in the comment. Pure.
 */
export function findingsLayer(name: string, items: readonly Finding[]): NavigatorLayer {
  const byTechnique = new Map<string, Finding[]>();
  for (const f of items) {
    if (!OPEN_FINDING_STATUSES.includes(f.status)) continue;
    for (const t of f.techniques) {
      byTechnique.set(t.external_id, [...(byTechnique.get(t.external_id) ?? []), f]);
    }
  }
  const techniques: LayerTechnique[] = [...byTechnique]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([techniqueID, fs]) => {
      const worst = fs.reduce((a, b) =>
        SEVERITY_RANK[b.severity] > SEVERITY_RANK[a.severity] ? b : a,
      );
      return {
        techniqueID,
        score: SEVERITY_RANK[worst.severity],
        color: SEVERITY_COLOURS[worst.severity],
        comment: fs.map((f) => `${f.severity}: ${f.title} (${f.status})`).join('\n'),
        enabled: true,
      };
    });
  for (const t of [...techniques]) {
    const parent = t.techniqueID.split('.')[0]!;
    if (parent === t.techniqueID) continue;
    const p = techniques.find((x) => x.techniqueID === parent);
    if (p) p.showSubtechniques = true;
    else
      techniques.push({
        techniqueID: parent,
        comment: 'Sub-techniques with open findings',
        enabled: true,
        showSubtechniques: true,
      });
  }
  return {
    name,
    versions: { navigator: NAVIGATOR_VERSION, layer: LAYER_FORMAT },
    domain: LAYER_DOMAIN,
    description:
      "Techniques of open findings (not closed by a passed retest); the score is the worst open finding's severity: 0 info, 1 low, 2 medium, 3 high, 4 critical.",
    sorting: 0,
    layout: {
      layout: 'side',
      showID: true,
      showName: true,
      showAggregateScores: false,
      countUnscored: false,
      aggregateFunction: 'max',
      expandedSubtechniques: 'none',
    },
    hideDisabled: false,
    techniques,
    gradient: { colors: Object.values(SEVERITY_COLOURS), minValue: 0, maxValue: 4 },
    legendItems: (Object.entries(SEVERITY_COLOURS) as Array<[string, string]>).map(
      ([label, color]) => ({ label, color }),
    ),
    showTacticRowBackground: false,
    tacticRowBackground: '#dddddd',
    selectTechniquesAcrossTactics: true,
    selectSubtechniquesWithParent: false,
    selectVisibleTechniques: false,
    metadata: [{ name: 'Findings', value: String(items.length) }],
  };
}
