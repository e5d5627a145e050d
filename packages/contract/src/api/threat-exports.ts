import { z } from 'zod';
import { NextTestsQuery, ThreatCoverageQuery } from './threats.js';

/**
 * Exports of threat-informed coverage (issue 25, point 5): a profile's overlay as an ATT&CK
 * Navigator layer and its ranked next tests as CSV or XLSX. docs/threat-coverage.md describes
 * their content.
 */

/** What the layer does with the release's techniques outside the profile. */
export const ThreatLayerOthers = z.enum(['hide', 'grey']);
export type ThreatLayerOthers = z.infer<typeof ThreatLayerOthers>;

/** `GET …/threat-profiles/:profileId/layer?rule&basis&min_level&others=hide|grey`. */
export const ThreatLayerQuery = z.strictObject({
  ...ThreatCoverageQuery.shape,
  /** grey (default): listed disabled, shown greyed; hide: listed disabled and hidden. */
  others: ThreatLayerOthers.default('grey'),
});
export type ThreatLayerQuery = z.infer<typeof ThreatLayerQuery>;

export const NextTestsExportFormat = z.enum(['csv', 'xlsx']);
export type NextTestsExportFormat = z.infer<typeof NextTestsExportFormat>;

/** `GET …/threat-profiles/:profileId/next-tests/export?format=csv|xlsx` (+ the list's query). */
export const NextTestsExportQuery = z.strictObject({
  ...NextTestsQuery.shape,
  format: NextTestsExportFormat.default('csv'),
});
export type NextTestsExportQuery = z.infer<typeof NextTestsExportQuery>;

/** The columns of the next-tests export, in order (one row per ranked technique). */
export const NEXT_TESTS_COLUMNS = [
  'rank',
  'technique_id',
  'technique',
  'tactics',
  'reason',
  'status',
  'priority',
  'weight',
  'used_by',
  'last_tested_at',
  'templates',
  'template_keys',
] as const;
