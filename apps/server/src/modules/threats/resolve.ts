import type { FieldIssue, ThreatExtraTechnique } from '@metamorph/contract';
import { validationFailed } from '../../platform/errors.js';
import type { DbOrTx } from '../../platform/tx.js';
import { currentRelease } from '../attack/index.js';
import {
  THREAT_DOMAIN,
  entriesOf,
  entryIssues,
  techniquesByExternalId,
  usedTechniques,
  type EntryKind,
} from './attack-lookup.repo.js';

export interface ProfileSet {
  group_ids: readonly string[];
  software_ids: readonly string[];
  campaign_ids: readonly string[];
  extra: readonly ThreatExtraTechnique[];
}

export interface ResolvedTechnique {
  techniqueId: string;
  name: string;
  tactics: string[];
  weight: number;
  /** Profile entries (G…, S…, C…) using it, sorted. */
  usedBy: string[];
}

export interface ResolvedProfile {
  release: { id: string; version: string } | null;
  techniques: ResolvedTechnique[];
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The techniques of a profile in the current Enterprise release: every live technique its
 * groups, software and campaigns `use` (weight 1), and its extra techniques with their weights
 * (an extra weight replaces the 1 of a resolved technique). Refuses, with one 422 naming every
 * bad entry, entries absent from the release, revoked, deprecated or listed twice, and extra
 * techniques that are unknown, revoked (naming what replaced them) or deprecated.
 */
export async function resolveProfile(
  db: DbOrTx,
  set: ProfileSet,
  path = 'body',
): Promise<ResolvedProfile> {
  const empty =
    set.group_ids.length + set.software_ids.length + set.campaign_ids.length + set.extra.length ===
    0;
  if (empty) {
    throw validationFailed([
      { path, message: 'needs at least one group, software, campaign or extra technique' },
    ]);
  }
  const release = await currentRelease(db, THREAT_DOMAIN);
  if (!release) {
    throw validationFailed([
      { path, message: 'no Enterprise ATT&CK release is imported yet (POST /api/attack/sync)' },
    ]);
  }
  const issues: FieldIssue[] = [];
  const kinds: Array<[EntryKind, string, readonly string[]]> = [
    ['group', 'group_ids', set.group_ids],
    ['software', 'software_ids', set.software_ids],
    ['campaign', 'campaign_ids', set.campaign_ids],
  ];
  const sources = new Map<string, string>(); // STIX id → external id
  for (const [kind, key, list] of kinds) {
    const found = await entriesOf(db, kind, list);
    issues.push(...entryIssues(kind, `${path}.${key}`, list, found, release.version));
    for (const r of found.values()) sources.set(r.stixId, r.externalId);
  }
  const extraIds = set.extra.map((e) => e.technique_id);
  const known = await techniquesByExternalId(db, extraIds);
  const seen = new Set<string>();
  set.extra.forEach((e, i) => {
    const at = `${path}.extra.${i}.technique_id`;
    const id = e.technique_id;
    const t = known.get(id);
    if (seen.has(id)) issues.push({ path: at, message: `${id} is listed twice` });
    else if (!t)
      issues.push({ path: at, message: `${id} is not a technique of release ${release.version}` });
    else if (t.revoked)
      issues.push({
        path: at,
        message:
          `${id} is revoked in release ${release.version}` +
          (t.revokedByExternalId ? ` (use ${t.revokedByExternalId})` : ''),
      });
    else if (t.deprecated)
      issues.push({ path: at, message: `${id} is deprecated in release ${release.version}` });
    seen.add(id);
  });
  if (issues.length > 0) throw validationFailed(issues);

  const out = new Map<string, ResolvedTechnique>();
  for (const { sourceRef, technique: t } of await usedTechniques(db, [...sources.keys()])) {
    const entry = sources.get(sourceRef)!;
    const had = out.get(t.externalId);
    if (had) {
      if (!had.usedBy.includes(entry)) had.usedBy.push(entry);
    } else {
      out.set(t.externalId, {
        techniqueId: t.externalId,
        name: t.name,
        tactics: t.tactics,
        weight: 1,
        usedBy: [entry],
      });
    }
  }
  for (const e of set.extra) {
    const t = known.get(e.technique_id)!;
    const had = out.get(t.externalId);
    if (had) had.weight = e.weight;
    else
      out.set(t.externalId, {
        techniqueId: t.externalId,
        name: t.name,
        tactics: t.tactics,
        weight: e.weight,
        usedBy: [],
      });
  }
  const techniques = [...out.values()]
    .map((t) => ({ ...t, usedBy: [...t.usedBy].sort(cmp) }))
    .sort((a, b) => cmp(a.techniqueId, b.techniqueId));
  return { release: { id: release.id, version: release.version }, techniques };
}
