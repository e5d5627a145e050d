import type { DetectionLevel, HeatmapCell, MissionDashboard } from '@metamorph/contract';
import type { ResultsData } from '../../results/index.js';
import { duration, percent } from './format.js';
import type { ReportHeatmap, ReportKeyNumber, ReportTacticRow } from './report-model.js';

/** The report's figures from the dashboard and heat-map answers (never computed twice). */

export function keyNumbers(d: MissionDashboard): ReportKeyNumber[] {
  const state = (s: string) => d.by_state.find((x) => x.state === s)?.count ?? 0;
  const ran = state('executed') + state('reviewed_by_blue');
  const ratio = (r: MissionDashboard['detection']) =>
    r.denominator === 0 ? null : `${r.numerator} of ${r.denominator} tests with an outcome`;
  return [
    { label: 'Tests in this report', value: String(d.tests), hint: null },
    { label: 'Executed', value: `${ran} / ${d.tests}`, hint: 'executed or reviewed by blue' },
    { label: 'Reviewed by blue', value: `${state('reviewed_by_blue')} / ${d.tests}`, hint: null },
    { label: 'Could not run', value: String(state('blocked')), hint: null },
    { label: 'Detection rate', value: percent(d.detection.rate), hint: ratio(d.detection) },
    { label: 'Prevention rate', value: percent(d.prevention.rate), hint: ratio(d.prevention) },
    {
      label: 'Logged only',
      value: percent(d.visibility.rate),
      hint: 'seen in the logs without an alert',
    },
    {
      label: 'Time to detect (median)',
      value: duration(d.time_to_detect.median),
      hint: d.time_to_detect.count > 0 ? `p90 ${duration(d.time_to_detect.p90)}` : null,
    },
    {
      label: 'Time to alert (median)',
      value: duration(d.time_to_alert.median),
      hint: d.time_to_alert.count > 0 ? `p90 ${duration(d.time_to_alert.p90)}` : null,
    },
  ];
}

export function tacticRows(d: MissionDashboard): ReportTacticRow[] {
  return d.by_tactic.map((t) => ({
    tactic: t.name ?? t.external_id,
    tests: t.tests,
    reviewed: t.with_outcome,
    detected: t.alerted + t.prevented,
    prevented: t.prevented,
    rate: percent(t.detection_rate),
  }));
}

/**
 * Heat-map cells grouped by tactic in matrix order: each technique under every tactic its
 * tests' tag snapshots list (as the ATT&CK matrix shows it), sorted by id within a column.
 */
export function heatmapColumns(
  cells: readonly HeatmapCell[],
  data: ResultsData,
  tacticOrder: readonly string[],
  levels: readonly DetectionLevel[],
): ReportHeatmap {
  const tacticsOf = new Map<string, Map<string, string>>();
  for (const t of data.tests) {
    for (const a of t.attack) {
      if (a.kind === 'tactic') continue;
      const m = tacticsOf.get(a.externalId) ?? new Map<string, string>();
      for (const tac of a.tactics) m.set(tac.external_id, tac.name);
      tacticsOf.set(a.externalId, m);
    }
  }
  const columns = new Map<
    string,
    { tactic: string; cells: ReportHeatmap['columns'][number]['cells'] }
  >();
  for (const c of cells) {
    const tactics = tacticsOf.get(c.technique_id) ?? new Map([['', 'Other']]);
    for (const [id, name] of tactics) {
      const col = columns.get(id) ?? { tactic: name, cells: [] };
      col.cells.push({
        externalId: c.technique_id,
        name: c.name ?? c.technique_id,
        levelLabel: c.level?.label ?? null,
        colour: c.level?.colour ?? null,
        fraction: `${c.detected}/${c.tests}`,
      });
      columns.set(id, col);
    }
  }
  const rank = (id: string) => {
    const i = tacticOrder.indexOf(id);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  return {
    rule: 'worst',
    legend: levels.map((l) => ({ label: l.label, colour: l.colour })),
    columns: [...columns.entries()]
      .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
      .map(([, col]) => ({
        tactic: col.tactic,
        cells: col.cells.sort((x, y) => x.externalId.localeCompare(y.externalId)),
      })),
  };
}
