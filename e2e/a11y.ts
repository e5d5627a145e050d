import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect } from './fixtures.js';

/**
 * WCAG 2.2 AA check of what the page shows now (axe-core): serious and critical violations must
 * be zero; the message lists each rule with the first offending elements.
 */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes
        .slice(0, 3)
        .map((n) => `${n.target.join(' ')} [${n.html.slice(0, 120)}] ${n.any[0]?.message ?? ''}`)
        .join(', ')}`,
  );
  expect(report, `accessibility of ${what}`).toEqual([]);
}
