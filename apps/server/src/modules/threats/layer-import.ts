import type { ThreatExtraTechnique, ThreatProfileCreate } from '@metamorph/contract';
import { validationFailed } from '../../platform/errors.js';
import { parseNavigatorLayer } from '../missions/index.js';
import { THREAT_DOMAIN } from './attack-lookup.repo.js';

/**
 * A Navigator layer (a CTI team's "techniques that matter") as a profile body: every enabled
 * technique entry with a score above 0 (weight = the score, at most 100) or without a score
 * (weight 1); entries scored 0 or below are left out. A technique listed under several tactics
 * keeps its highest score. Layers of another domain are refused.
 */
export function layerAsProfile(
  body: unknown,
  name?: string,
): ThreatProfileCreate & {
  layerName: string;
} {
  const parsed = parseNavigatorLayer(JSON.stringify(body ?? null));
  if (!parsed.ok) throw validationFailed([{ path: 'body', message: parsed.error }]);
  const { layer } = parsed;
  if (layer.domain && layer.domain !== THREAT_DOMAIN) {
    throw validationFailed([
      { path: 'body.domain', message: `is ${layer.domain}; threat profiles read ${THREAT_DOMAIN}` },
    ]);
  }
  const weights = new Map<string, number>();
  for (const t of layer.techniques) {
    if (!t.enabled) continue;
    if (t.score !== null && t.score <= 0) continue;
    const w = t.score === null ? 1 : Math.min(t.score, 100);
    weights.set(t.external_id, Math.max(weights.get(t.external_id) ?? 0, w));
  }
  if (weights.size === 0) {
    throw validationFailed([
      { path: 'body.techniques', message: 'holds no technique with a score above 0 or listed' },
    ]);
  }
  const extra: ThreatExtraTechnique[] = [...weights]
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .map(([technique_id, weight]) => ({ technique_id, weight }));
  const layerName = layer.name.trim() || 'Navigator layer';
  return {
    name: (name ?? layerName).slice(0, 200),
    description: `Imported from the Navigator layer "${layerName}"`,
    group_ids: [],
    software_ids: [],
    campaign_ids: [],
    extra,
    layerName,
  };
}
