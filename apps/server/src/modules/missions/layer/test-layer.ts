import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseNavigatorLayer, type LayerParseResult, type LayerTechnique } from './parse.js';

/** Helpers of the Navigator layer parser's tests: fixtures, results, inline layers. */

const here = path.dirname(fileURLToPath(import.meta.url));
export const FIXTURES = path.resolve(here, '../../../../test/fixtures/layers');
export const fixtureBytes = (name: string): Buffer => readFileSync(path.join(FIXTURES, name));

export function ok(r: LayerParseResult) {
  if (!r.ok) throw new Error(`expected ok, got error: ${r.error}`);
  return r;
}
export function err(r: LayerParseResult): string {
  if (r.ok) throw new Error('expected an error, got a layer');
  return r.error;
}
/** A layer with the given technique entries (and optional top-level overrides). */
export function layerOf(techniques: unknown, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    name: 'inline',
    domain: 'enterprise-attack',
    versions: { layer: '4.5', navigator: '5.0.0' },
    techniques,
    ...extra,
  });
}
/** Parses a layer holding one T1059 entry with `entry`'s fields. */
export const one = (entry: Record<string, unknown>) =>
  ok(parseNavigatorLayer(layerOf([{ techniqueID: 'T1059', ...entry }])));

/** The parsed technique `external_id` with the defaults and `t`. */
export const tech = (external_id: string, t: Partial<LayerTechnique> = {}): LayerTechnique => ({
  external_id,
  tactic: null,
  score: null,
  comment: null,
  color: null,
  enabled: true,
  ...t,
});
