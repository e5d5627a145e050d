import type { Coverage } from './api/coverage.js';
import type { MissionDashboard } from './api/results-dashboard.js';

/**
 * Chart definitions (Apache ECharts options as plain JSON) of the results figures, built from
 * the dashboard and coverage answers. The web app renders them with the SVG renderer and the
 * report builder renders the very same options server-side (`renderToSVGString`), so a chart
 * looks the same on screen and in the PDF. No functions inside: options stay serialisable.
 */
export type ChartOption = Record<string, unknown>;

/**
 * Single quotes only: ECharts SSR writes the family into a double-quoted `style` attribute
 * without escaping it, and a `"` there ends the attribute (librsvg refused the SVG).
 */
const FONT = "Inter, 'Segoe UI', Roboto, Arial, sans-serif";
const base = (extra: ChartOption): ChartOption => ({
  animation: false,
  backgroundColor: 'transparent',
  // Text colours come from the renderer's theme (light, or ECharts' dark on a dark screen).
  textStyle: { fontFamily: FONT },
  ...extra,
});
/** Outcome colours when a chart shows counts_as classes rather than levels. */
export const OUTCOME_COLOURS = {
  prevented: '#2b8a3e',
  alerted: '#1c7ed6',
  logged: '#f59f00',
  none: '#c92a2a',
} as const;
export const STATE_COLOURS = {
  pending: '#adb5bd',
  executed: '#7950f2',
  reviewed_by_blue: '#1c7ed6',
  skipped: '#868e96',
  blocked: '#e8590c',
} as const;

/** Progress by state: one stacked horizontal bar. */
export function progressChart(d: MissionDashboard): ChartOption {
  return base({
    grid: { left: 8, right: 8, top: 8, bottom: 36, containLabel: false },
    legend: { bottom: 0, itemWidth: 12, itemHeight: 12, textStyle: { fontSize: 12 } },
    xAxis: { type: 'value', max: Math.max(1, d.tests), show: false },
    yAxis: { type: 'category', data: ['Tests'], show: false },
    series: d.by_state.map((s) => ({
      name: `${s.label} (${s.count})`,
      type: 'bar',
      stack: 'state',
      barWidth: 22,
      itemStyle: { color: STATE_COLOURS[s.state] },
      data: [s.count],
    })),
  });
}

/** Outcome distribution by detection level, in the levels' own colours. */
export function levelsChart(d: MissionDashboard): ChartOption {
  const data = d.by_level
    .filter((l) => l.count > 0)
    .map((l) => ({ name: l.level.label, value: l.count, itemStyle: { color: l.level.colour } }));
  return base({
    legend: { orient: 'vertical', right: 0, top: 'middle', textStyle: { fontSize: 12 } },
    series: [
      {
        type: 'pie',
        radius: ['48%', '78%'],
        center: ['35%', '50%'],
        label: { show: true, formatter: '{c}', fontSize: 13, fontWeight: 600 },
        data,
      },
    ],
  });
}

/** Outcomes per tactic in matrix order: stacked bars prevented / alerted / logged / none. */
export function tacticsChart(d: MissionDashboard): ChartOption {
  const tactics = d.by_tactic;
  const keys = ['prevented', 'alerted', 'logged', 'none'] as const;
  const labels = { prevented: 'Prevented', alerted: 'Alerted', logged: 'Logged', none: 'Missed' };
  return base({
    grid: { left: 8, right: 16, top: 8, bottom: 36, containLabel: true },
    legend: { bottom: 0, itemWidth: 12, itemHeight: 12, textStyle: { fontSize: 12 } },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: {
      type: 'category',
      inverse: true,
      data: tactics.map((t) => t.name ?? t.external_id),
      axisLabel: { fontSize: 12 },
    },
    series: keys.map((k) => ({
      name: labels[k],
      type: 'bar',
      stack: 'outcome',
      itemStyle: { color: OUTCOME_COLOURS[k] },
      data: tactics.map((t) => t[k]),
    })),
  });
}

/** Detection, prevention and visibility rate per mission over time (coverage trend). */
export function trendChart(c: Coverage): ChartOption {
  const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);
  const line = (
    name: string,
    colour: string,
    pick: (m: Coverage['missions'][number]) => number | null,
  ) => ({
    name,
    type: 'line',
    symbolSize: 8,
    connectNulls: true,
    itemStyle: { color: colour },
    lineStyle: { color: colour, width: 2 },
    data: c.missions.map((m) => pct(pick(m))),
  });
  return base({
    grid: { left: 8, right: 24, top: 16, bottom: 40, containLabel: true },
    legend: { bottom: 0, textStyle: { fontSize: 12 } },
    xAxis: {
      type: 'category',
      data: c.missions.map((m) => `${m.name}\n${m.date}`),
      axisLabel: { fontSize: 11, lineHeight: 16, interval: 0 },
    },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' } },
    series: [
      line('Detection rate', OUTCOME_COLOURS.alerted, (m) => m.detection_rate),
      line('Prevention rate', OUTCOME_COLOURS.prevented, (m) => m.prevention_rate),
      line('Visibility (logged only)', OUTCOME_COLOURS.logged, (m) => m.visibility_rate),
    ],
  });
}
