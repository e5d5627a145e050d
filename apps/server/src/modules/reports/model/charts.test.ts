import { levelsChart } from '@metamorph/contract';
import { describe, expect, it } from 'vitest';
import { renderChartSvg } from './charts.js';

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
