import type { AttackDomain } from '@metamorph/contract';

/** A STIX object as parsed from JSON: only its shape is known. */
export type StixObject = Record<string, unknown>;

export interface ParsedTactic {
  stixId: string;
  externalId: string;
  shortname: string;
  name: string;
  description: string;
  url: string | null;
  /** Column position from x-mitre-matrix.tactic_refs (tactics outside the matrix follow it). */
  matrixOrder: number;
}

export interface ParsedTechnique {
  stixId: string;
  externalId: string;
  name: string;
  description: string;
  detection: string | null;
  platforms: string[];
  tactics: string[];
  isSubtechnique: boolean;
  parentExternalId: string | null;
  url: string | null;
  revoked: boolean;
  deprecated: boolean;
  revokedByExternalId: string | null;
  modified: Date | null;
}

export interface ParsedNamed {
  stixId: string;
  externalId: string;
  name: string;
  description: string;
  url: string | null;
  revoked: boolean;
  deprecated: boolean;
  modified: Date | null;
  aliases: string[];
  platforms: string[];
}

export interface ParsedSoftware extends ParsedNamed {
  kind: 'malware' | 'tool';
}

export interface ParsedRelationship {
  stixId: string;
  type: 'uses' | 'mitigates';
  sourceRef: string;
  targetRef: string;
  description: string | null;
}

export interface ParsedBundle {
  domain: AttackDomain;
  /** x-mitre-collection `x_mitre_version`, else `modified-<date of the newest object>`. */
  version: string;
  versionFrom: 'collection' | 'data';
  specVersion: '2.0' | '2.1';
  /** The newest `modified` among the ATT&CK objects: orders releases without a version. */
  dataModified: Date | null;
  tactics: ParsedTactic[];
  techniques: ParsedTechnique[];
  groups: ParsedNamed[];
  software: ParsedSoftware[];
  mitigations: ParsedNamed[];
  campaigns: ParsedNamed[];
  relationships: ParsedRelationship[];
  counts: Record<string, number>;
}
