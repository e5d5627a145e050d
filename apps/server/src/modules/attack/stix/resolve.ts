import { AttackDomain } from '@metamorph/contract';
import type { BundleCollector } from './collect.js';
import { invalidBundle } from './fields.js';
import type { BundleHeader } from './tokens.js';
import type { ParsedBundle, ParsedRelationship, ParsedTactic, ParsedTechnique } from './types.js';

const CHAIN_DOMAINS: Record<string, AttackDomain> = {
  'mitre-attack': 'enterprise-attack',
  'mitre-mobile-attack': 'mobile-attack',
  'mitre-ics-attack': 'ics-attack',
};

/** The matrix's external id, else the kill chain of the techniques, else x_mitre_domains. */
function detectDomain(c: BundleCollector): AttackDomain {
  for (const m of c.matrices) {
    const parsed = AttackDomain.safeParse(m.externalId);
    if (parsed.success) return parsed.data;
  }
  const votes = new Map<AttackDomain, number>();
  for (const t of c.techniques) {
    for (const chain of t.killChains) {
      const d = CHAIN_DOMAINS[chain];
      if (d) votes.set(d, (votes.get(d) ?? 0) + 1);
    }
  }
  if (votes.size === 0) {
    for (const [d, n] of c.domainsSeen) {
      const parsed = AttackDomain.safeParse(d);
      if (parsed.success) votes.set(parsed.data, n);
    }
  }
  const best = [...votes].sort((a, b) => b[1] - a[1])[0];
  if (!best)
    throw invalidBundle('cannot tell the ATT&CK domain (no matrix, kill chain or x_mitre_domains)');
  return best[0];
}

function orderTactics(c: BundleCollector, domain: AttackDomain): ParsedTactic[] {
  const matrix = c.matrices.find((m) => m.externalId === domain) ?? c.matrices[0];
  const order = new Map<string, number>();
  for (const ref of matrix?.tacticRefs ?? []) {
    if (!c.ids.has(ref)) throw invalidBundle(`the matrix refers to a missing tactic ${ref}`);
    if (!order.has(ref)) order.set(ref, order.size);
  }
  const outside = c.tactics
    .filter((t) => !order.has(t.stixId))
    .sort((a, b) => a.externalId.localeCompare(b.externalId));
  for (const t of outside) order.set(t.stixId, order.size);
  return c.tactics
    .map((t) => ({ ...t, matrixOrder: order.get(t.stixId) ?? 0 }))
    .sort((a, b) => a.matrixOrder - b.matrixOrder);
}

function resolveTechniques(c: BundleCollector): ParsedTechnique[] {
  const parentOf = new Map<string, string>();
  const revokedBy = new Map<string, string>();
  for (const r of c.relationships) {
    if (r.type === 'subtechnique-of') parentOf.set(r.sourceRef, r.targetRef);
    else if (r.type === 'revoked-by') revokedBy.set(r.sourceRef, r.targetRef);
  }
  const byExternal = new Set(c.techniques.map((t) => t.externalId));
  return c.techniques.map((t) => {
    const parentRef = parentOf.get(t.stixId);
    let parent = parentRef ? (c.externalIds.get(parentRef) ?? null) : null;
    const dot = t.externalId.indexOf('.');
    if (!parent && dot > 0 && (t.subtechniqueFlag ?? true)) {
      const prefix = t.externalId.slice(0, dot);
      if (byExternal.has(prefix)) parent = prefix;
    }
    const revokedRef = revokedBy.get(t.stixId);
    return {
      stixId: t.stixId,
      externalId: t.externalId,
      name: t.name,
      description: t.description,
      detection: t.detection,
      platforms: t.platforms,
      tactics: t.tactics,
      isSubtechnique: t.subtechniqueFlag ?? parent !== null,
      parentExternalId: parent,
      url: t.url,
      revoked: t.revoked,
      deprecated: t.deprecated,
      revokedByExternalId: revokedRef ? (c.externalIds.get(revokedRef) ?? null) : null,
      modified: t.modified,
    };
  });
}

function count(techniques: ParsedTechnique[], c: BundleCollector, rels: number) {
  const active = techniques.filter((t) => !t.revoked && !t.deprecated);
  return {
    objects: c.objects,
    tactics: c.tactics.length,
    techniques: active.filter((t) => !t.isSubtechnique).length,
    subtechniques: active.filter((t) => t.isSubtechnique).length,
    revoked: techniques.filter((t) => t.revoked).length,
    deprecated: techniques.filter((t) => t.deprecated && !t.revoked).length,
    attack_patterns: techniques.length,
    groups: c.groups.length,
    software: c.software.length,
    mitigations: c.mitigations.length,
    campaigns: c.campaigns.length,
    relationships: rels,
  };
}

/** Checks references and turns the collected records into one release's catalog. */
export function resolveBundle(header: BundleHeader, c: BundleCollector): ParsedBundle {
  for (const r of c.refs) {
    if (!c.ids.has(r.source))
      throw invalidBundle(`relationship ${r.id} refers to a missing object ${r.source}`);
    if (!c.ids.has(r.target))
      throw invalidBundle(`relationship ${r.id} refers to a missing object ${r.target}`);
  }
  if (c.techniques.length === 0 && c.tactics.length === 0) {
    throw invalidBundle('it holds no ATT&CK techniques or tactics (a bundle of another kind)');
  }
  const domain = detectDomain(c);
  const techniques = resolveTechniques(c);
  const relationships: ParsedRelationship[] = [];
  for (const r of c.relationships) {
    if (r.type === 'uses' || r.type === 'mitigates') relationships.push({ ...r, type: r.type });
  }
  const spec = header.specVersion ?? c.objectSpecVersion ?? '2.1';
  const dataModified = c.newestModified;
  const version =
    c.collectionVersion ?? `modified-${(dataModified ?? new Date(0)).toISOString().slice(0, 10)}`;
  return {
    domain,
    version,
    versionFrom: c.collectionVersion ? 'collection' : 'data',
    specVersion: spec === '2.0' ? '2.0' : '2.1',
    dataModified,
    tactics: orderTactics(c, domain),
    techniques,
    groups: c.groups,
    software: c.software,
    mitigations: c.mitigations,
    campaigns: c.campaigns,
    relationships,
    counts: count(techniques, c, relationships.length),
  };
}
