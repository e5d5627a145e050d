import {
  attackReference,
  describe,
  invalidBundle,
  objectArray,
  optBool,
  optDate,
  optString,
  reqString,
  stringArray,
} from './fields.js';
import type { ParsedNamed, ParsedSoftware, StixObject } from './types.js';

const KILL_CHAINS = new Set(['mitre-attack', 'mitre-mobile-attack', 'mitre-ics-attack']);
const KEPT_RELATIONSHIPS = new Set(['uses', 'mitigates', 'subtechnique-of', 'revoked-by']);
const STIX_ID = /^[a-z0-9][a-z0-9-]*--[0-9a-fA-F-]{8,64}$/;

export interface RawTechnique extends ParsedNamed {
  description: string;
  detection: string | null;
  tactics: string[];
  killChains: string[];
  subtechniqueFlag: boolean | null;
}

export interface RawTactic {
  stixId: string;
  externalId: string;
  shortname: string;
  name: string;
  description: string;
  url: string | null;
}

export interface RawRelationship {
  stixId: string;
  type: string;
  sourceRef: string;
  targetRef: string;
  description: string | null;
}

/**
 * Keeps a compact record of each ATT&CK object as it streams past (the rest only by
 * id, for duplicate and reference checks).
 */
export class BundleCollector {
  readonly ids = new Set<string>();
  /** STIX id → ATT&CK external id of every ATT&CK object. */
  readonly externalIds = new Map<string, string>();
  readonly techniques: RawTechnique[] = [];
  readonly tactics: RawTactic[] = [];
  readonly groups: ParsedNamed[] = [];
  readonly software: ParsedSoftware[] = [];
  readonly mitigations: ParsedNamed[] = [];
  readonly campaigns: ParsedNamed[] = [];
  readonly relationships: RawRelationship[] = [];
  /** Every relationship's refs, checked against `ids` at the end. */
  readonly refs: Array<{ id: string; source: string; target: string }> = [];
  readonly domainsSeen = new Map<string, number>();
  matrices: Array<{ stixId: string; externalId: string; tacticRefs: string[] }> = [];
  collectionVersion: string | null = null;
  objectSpecVersion: string | null = null;
  newestModified: Date | null = null;
  objects = 0;

  add(obj: StixObject, index: number): void {
    this.objects++;
    const type = obj.type;
    if (typeof type !== 'string' || type === '')
      throw invalidBundle(`objects[${index}] has no type`);
    const id = obj.id;
    if (typeof id !== 'string' || id === '') {
      throw invalidBundle(`objects[${index}] (${type}) has no id`);
    }
    if (!STIX_ID.test(id))
      throw invalidBundle(`objects[${index}] has a malformed id "${id.slice(0, 80)}"`);
    if (this.ids.has(id)) throw invalidBundle(`duplicated id ${id}`);
    this.ids.add(id);
    if (this.objectSpecVersion === null && typeof obj.spec_version === 'string') {
      this.objectSpecVersion = obj.spec_version;
    }
    switch (type) {
      case 'attack-pattern':
        this.techniques.push(this.technique(obj));
        break;
      case 'x-mitre-tactic':
        this.tactics.push(this.tactic(obj));
        break;
      case 'intrusion-set':
        this.groups.push(this.named(obj, 'aliases'));
        break;
      case 'malware':
      case 'tool':
        this.software.push({ ...this.named(obj, 'x_mitre_aliases'), kind: type });
        break;
      case 'campaign':
        this.campaigns.push(this.named(obj, 'aliases'));
        break;
      case 'course-of-action':
        this.mitigations.push(this.named(obj, null));
        break;
      case 'x-mitre-matrix':
        this.matrices.push({
          stixId: id,
          externalId: attackReference(obj).externalId,
          tacticRefs: stringArray(obj, 'tactic_refs'),
        });
        break;
      case 'x-mitre-collection':
        this.collectionVersion ??= optString(obj, 'x_mitre_version');
        break;
      case 'relationship':
        this.relationship(obj, id);
        break;
      default:
        break;
    }
  }

  private noteDomains(obj: StixObject, modified: Date | null): void {
    for (const d of stringArray(obj, 'x_mitre_domains')) {
      this.domainsSeen.set(d, (this.domainsSeen.get(d) ?? 0) + 1);
    }
    if (modified && (!this.newestModified || modified > this.newestModified)) {
      this.newestModified = modified;
    }
  }

  private named(obj: StixObject, aliasKey: string | null): ParsedNamed {
    const ref = attackReference(obj);
    const modified = optDate(obj, 'modified');
    this.noteDomains(obj, modified);
    const stixId = obj.id as string;
    this.externalIds.set(stixId, ref.externalId);
    return {
      stixId,
      externalId: ref.externalId,
      name: reqString(obj, 'name'),
      description: optString(obj, 'description') ?? '',
      url: ref.url,
      revoked: optBool(obj, 'revoked'),
      deprecated: optBool(obj, 'x_mitre_deprecated'),
      modified,
      aliases: aliasKey ? stringArray(obj, aliasKey) : [],
      platforms: stringArray(obj, 'x_mitre_platforms'),
    };
  }

  private technique(obj: StixObject): RawTechnique {
    const base = this.named(obj, null);
    const tactics: string[] = [];
    const killChains: string[] = [];
    for (const phase of objectArray(obj, 'kill_chain_phases')) {
      const chain = phase.kill_chain_name;
      const name = phase.phase_name;
      if (typeof chain !== 'string' || typeof name !== 'string') {
        throw invalidBundle(`${describe(obj)} has a malformed kill_chain_phases entry`);
      }
      if (!KILL_CHAINS.has(chain)) continue;
      killChains.push(chain);
      if (!tactics.includes(name)) tactics.push(name);
    }
    const flag = obj.x_mitre_is_subtechnique;
    return {
      ...base,
      detection: optString(obj, 'x_mitre_detection'),
      tactics,
      killChains,
      subtechniqueFlag: typeof flag === 'boolean' ? flag : null,
    };
  }

  private tactic(obj: StixObject): RawTactic {
    const base = this.named(obj, null);
    return {
      stixId: base.stixId,
      externalId: base.externalId,
      shortname: reqString(obj, 'x_mitre_shortname'),
      name: base.name,
      description: base.description,
      url: base.url,
    };
  }

  private relationship(obj: StixObject, id: string): void {
    const type = reqString(obj, 'relationship_type');
    const source = reqString(obj, 'source_ref');
    const target = reqString(obj, 'target_ref');
    this.refs.push({ id, source, target });
    if (!KEPT_RELATIONSHIPS.has(type)) return;
    this.relationships.push({
      stixId: id,
      type,
      sourceRef: source,
      targetRef: target,
      description: optString(obj, 'description'),
    });
  }
}
