import {
  levelsChart,
  progressChart,
  tacticsChart,
  type ChartOption,
  type MissionDashboard,
} from '@metamorph/contract';
import * as echarts from 'echarts';
import type { ReportChart } from './report-model.js';

/** Text colour of the light theme the web app uses (ECharts' default palette text). */
const TEXT = '#333';

/**
 * ECharts SSR writes a font family into a double-quoted `style` attribute as it is: a `"` in
 * it ('Inter, "Segoe UI", …') ends the attribute, and the SVG is no longer XML (librsvg, and so
 * the DOCX charts, refused it with "tag mismatch"; the HTML and PDF lost the font). Quotes in
 * every `fontFamily` of the option become single quotes, which CSS reads the same.
 */
export function svgSafeOption<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => svgSafeOption(v)) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = k === 'fontFamily' && typeof v === 'string' ? v.replace(/"/g, "'") : svgSafeOption(v);
  }
  return out as T;
}

/**
 * Renders one contract chart definition to an SVG document server-side (ECharts SSR, no DOM),
 * the same options the web app draws, with an explicit size so every renderer can place it.
 */
export function renderChartSvg(option: ChartOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    const safe = svgSafeOption(option);
    chart.setOption({ ...safe, textStyle: { color: TEXT, ...textStyleOf(safe) } });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

function textStyleOf(option: ChartOption): Record<string, unknown> {
  const t = option.textStyle;
  return t && typeof t === 'object' ? (t as Record<string, unknown>) : {};
}

/** The report's charts: progress by state, outcomes by level, outcomes per tactic. */
export function reportCharts(d: MissionDashboard): ReportChart[] {
  const tacticsHeight = Math.max(160, 60 + 28 * d.by_tactic.length);
  const defs: Array<{ id: string; title: string; option: ChartOption; w: number; h: number }> = [
    { id: 'progress', title: 'Progress by state', option: progressChart(d), w: 720, h: 110 },
    { id: 'levels', title: 'Outcomes by detection level', option: levelsChart(d), w: 720, h: 280 },
  ];
  if (d.by_tactic.length > 0) {
    defs.push({
      id: 'tactics',
      title: 'Outcomes per tactic',
      option: tacticsChart(d),
      w: 720,
      h: tacticsHeight,
    });
  }
  return defs.map((c) => ({
    id: c.id,
    title: c.title,
    svg: renderChartSvg(c.option, c.w, c.h),
    width: c.w,
    height: c.h,
  }));
}
