import { describe, expect, it } from 'vitest';
import type { ReportHeatmap } from '../model/report-model.js';
import { heatmapSvg } from './heatmap-svg.js';

const legend = [
  { label: 'Not detected', colour: '#e03131' },
  { label: 'Logged', colour: '#f59f00' },
  { label: 'Alerted', colour: '#1c7ed6' },
  { label: 'Prevented', colour: '#2f9e44' },
  { label: 'No outcome yet', colour: '#e9ecef' },
];
const cell = (id: string) => ({
  externalId: id,
  name: 'Technique',
  levelLabel: 'Alerted',
  colour: '#1c7ed6',
  fraction: '1/1',
});

describe('heat map SVG', () => {
  it('wraps the legend to the map width, so a narrow map still shows every level whole', () => {
    const map: ReportHeatmap = {
      columns: [{ tactic: 'Execution', cells: [cell('T1059')] }],
      legend,
      rule: 'worst',
    };
    const { svg, width, height } = heatmapSvg(map);
    for (const item of legend) expect(svg).toContain(`>${item.label}</text>`);
    const xs = [...svg.matchAll(/<rect x="([\d.]+)" y="([\d.]+)" width="12"/g)].map((m) => ({
      x: Number(m[1]),
      y: Number(m[2]),
    }));
    expect(xs).toHaveLength(legend.length);
    legend.forEach((item, i) => {
      const at = xs[i] ?? { x: 0, y: 0 };
      expect(at.x + 16 + item.label.length * 6.5).toBeLessThanOrEqual(width + 1);
    });
    expect(new Set(xs.map((p) => p.y)).size).toBeGreaterThan(1);
    // The tactic header sits below the last legend row.
    const header = /<rect x="0" y="([\d.]+)" width="132" height="26" fill="#343a40"/.exec(svg);
    expect(Number(header?.[1])).toBeGreaterThan(Math.max(...xs.map((p) => p.y)) + 12);
    expect(height).toBeGreaterThan(Number(header?.[1]));
  });

  it('keeps one legend row when the map is wide enough', () => {
    const columns = ['Execution', 'Persistence', 'Discovery', 'Collection', 'Impact'].map((t) => ({
      tactic: t,
      cells: [cell('T1000')],
    }));
    const { svg } = heatmapSvg({ columns, legend, rule: 'worst' });
    const ys = [...svg.matchAll(/<rect x="[\d.]+" y="([\d.]+)" width="12"/g)].map((m) => m[1]);
    expect(new Set(ys)).toEqual(new Set(['6']));
  });
});
