import type {
  AttackDomain,
  AttackRelease,
  GroupDetail,
  TechniqueDetail,
  TechniqueSummary,
} from '@metamorph/contract';
import type {
  GroupRow,
  RelatedRow,
  ReleaseRow,
  SummaryRow,
  TacticRow,
  TechniqueRow,
} from './catalog.repo.js';
import type { GroupListRow, UsedTechniqueRow } from './groups.repo.js';

/** The one place catalog rows become their snake_case wire shapes. */
export function toReleaseWire(row: ReleaseRow): AttackRelease {
  const counts: Record<string, number> = {};
  if (row.counts && typeof row.counts === 'object') {
    for (const [k, v] of Object.entries(row.counts)) {
      if (typeof v === 'number' && Number.isInteger(v)) counts[k] = v;
    }
  }
  return {
    id: row.id,
    domain: row.domain as AttackDomain,
    version: row.version,
    spec_version: row.specVersion === '2.0' ? '2.0' : '2.1',
    source: row.source,
    sha256: row.sha256,
    counts,
    imported_at: row.importedAt.toISOString(),
    current: row.current,
  };
}

export function toSummaryWire(row: SummaryRow): TechniqueSummary {
  return {
    external_id: row.externalId,
    name: row.name,
    is_subtechnique: row.isSubtechnique,
    parent_id: row.parentExternalId,
    tactics: row.tactics,
    platforms: row.platforms,
    revoked: row.revoked,
    deprecated: row.deprecated,
    url: row.url,
  };
}

export const toTacticRef = (
  t: TacticRow,
): { external_id: string; shortname: string; name: string } => ({
  external_id: t.externalId,
  shortname: t.shortname,
  name: t.name,
});

export const toRelatedWire = (
  r: RelatedRow,
): { external_id: string; name: string; kind: RelatedRow['kind'] } => ({
  external_id: r.externalId,
  name: r.name,
  kind: r.kind,
});

export function toTechniqueDetail(
  row: TechniqueRow,
  parts: {
    release: ReleaseRow;
    subtechniques: SummaryRow[];
    tactics: TacticRow[];
    usedBy: RelatedRow[];
    mitigations: RelatedRow[];
  },
): TechniqueDetail {
  return {
    ...toSummaryWire(row),
    domain: row.domain as AttackDomain,
    description: row.description,
    detection: row.detection,
    revoked_by: row.revokedByExternalId,
    subtechniques: parts.subtechniques.map(toSummaryWire),
    tactic_refs: parts.tactics.map(toTacticRef),
    used_by: parts.usedBy.map(toRelatedWire),
    mitigations: parts.mitigations.map(toRelatedWire),
    modified: row.modified?.toISOString() ?? null,
    release_version: parts.release.version,
  };
}

export function toGroupSummary(row: GroupListRow): {
  external_id: string;
  name: string;
  aliases: string[];
  technique_count: number;
  revoked: boolean;
  deprecated: boolean;
} {
  return {
    external_id: row.externalId,
    name: row.name,
    aliases: row.aliases,
    technique_count: row.techniqueCount,
    revoked: row.revoked,
    deprecated: row.deprecated,
  };
}

export function toGroupDetail(
  row: GroupRow,
  uses: { techniques: UsedTechniqueRow[]; software: RelatedRow[] },
): GroupDetail {
  return {
    ...toGroupSummary({ ...row, techniqueCount: uses.techniques.filter((t) => !t.revoked).length }),
    domain: row.domain as AttackDomain,
    description: row.description,
    url: row.url,
    techniques: uses.techniques.map((t) => ({ ...toSummaryWire(t), use: t.use })),
    software: uses.software.map(toRelatedWire),
  };
}
