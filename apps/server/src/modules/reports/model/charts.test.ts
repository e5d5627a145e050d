import { levelsChart, progressChart, type MissionDashboard } from '@metamorph/contract';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { renderChartSvg, reportCharts } from './charts.js';

describe('server-side charts', () => {
  it('renders a contract chart definition to a sized SVG document, its text escaped', () => {
    const option = levelsChart({
      by_level: [
        {
          level: {
            id: 'x',
            key: 'k',
            label: '<script>alert(1)</script>',
            colour: '#1c7ed6',
            rank: 1,
            counts_as: 'alerted',
            coverage_score: 1,
          },
          count: 3,
          filter: { basis: 'reviewed' },
        },
      ],
    } as unknown as Parameters<typeof levelsChart>[0]);
    const svg = renderChartSvg(option, 400, 200);
    expect(svg).toMatch(/^<svg width="400" height="200" xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).not.toContain('<script');
    expect(svg).toContain('#1c7ed6');
    expect(svg.trim().endsWith('</svg>')).toBe(true);
  });
});

describe('server-side charts through librsvg (the DOCX rasterises them with sharp)', () => {
  const level = (key: string, label: string, colour: string, rank: number) => ({
    id: key,
    key,
    label,
    colour,
    rank,
    counts_as: key === 'not_detected' ? 'none' : key,
    coverage_score: rank / 3,
  });
  const dashboard = {
    tests: 4,
    by_state: [
      { state: 'reviewed_by_blue', label: 'Reviewed by blue', count: 3 },
      { state: 'pending', label: 'Pending', count: 1 },
    ],
    by_level: [
      { level: level('alerted', 'Alerted & triaged', '#1c7ed6', 2), count: 2 },
      { level: level('not_detected', 'Not "detected" <yet>', '#c92a2a', 0), count: 1 },
    ],
    by_tactic: [
      { external_id: 'TA0002', name: 'Execution', prevented: 0, alerted: 2, logged: 0, none: 1 },
      {
        external_id: 'TA0011',
        name: 'Command & Control',
        prevented: 0,
        alerted: 0,
        logged: 1,
        none: 0,
      },
    ],
  } as unknown as MissionDashboard;

  it('renders every report chart of a mission to PNG (none would fall back to a text line)', async () => {
    const charts = reportCharts(dashboard);
    expect(charts.map((c) => c.id)).toEqual(['progress', 'levels', 'tactics']);
    for (const c of charts) {
      expect(c.svg, c.id).not.toMatch(/font-family:[^;"]*"/);
      const png = await sharp(Buffer.from(c.svg)).png().toBuffer();
      const meta = await sharp(png).metadata();
      expect([meta.width, meta.height], c.id).toEqual([c.width, c.height]);
    }
  });

  it('makes an option with a double-quoted font family safe for the SVG attribute', async () => {
    const option = {
      ...progressChart(dashboard),
      textStyle: { fontFamily: 'Inter, "Segoe UI", sans-serif' },
    };
    const svg = renderChartSvg(option, 400, 120);
    expect(svg).toContain("Inter, 'Segoe UI', sans-serif");
    await expect(sharp(Buffer.from(svg)).png().toBuffer()).resolves.toBeInstanceOf(Buffer);
  });
});
