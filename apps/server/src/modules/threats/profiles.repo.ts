import type { ThreatProfile } from '@metamorph/contract';
import { asc, eq, inArray, sql } from 'drizzle-orm';
import {
  threatProfileTechniques,
  threatProfiles,
  type ThreatProfileRow,
} from '../../db/schema/index.js';
import type { DbOrTx } from '../../platform/tx.js';
import { techniquesByExternalId } from './attack-lookup.repo.js';
import type { ResolvedTechnique } from './resolve.js';

export async function profileRows(
  db: DbOrTx,
  clientId: string,
  profileId?: string,
): Promise<ThreatProfileRow[]> {
  const rows = await db
    .select()
    .from(threatProfiles)
    .where(eq(threatProfiles.clientId, clientId))
    .orderBy(asc(sql`lower(${threatProfiles.name})`), asc(threatProfiles.id));
  return profileId ? rows.filter((r) => r.id === profileId) : rows;
}

export async function replaceTechniques(
  db: DbOrTx,
  profileId: string,
  techniques: readonly ResolvedTechnique[],
): Promise<void> {
  await db.delete(threatProfileTechniques).where(eq(threatProfileTechniques.profileId, profileId));
  for (let i = 0; i < techniques.length; i += 500) {
    await db.insert(threatProfileTechniques).values(
      techniques.slice(i, i + 500).map((t) => ({
        profileId,
        techniqueId: t.techniqueId,
        weight: t.weight,
        usedBy: t.usedBy,
      })),
    );
  }
}

/** Profiles on the wire, with their techniques' names and tactics from the current release. */
export async function toProfiles(
  db: DbOrTx,
  rows: readonly ThreatProfileRow[],
): Promise<ThreatProfile[]> {
  if (rows.length === 0) return [];
  const techs = await db
    .select()
    .from(threatProfileTechniques)
    .where(
      inArray(
        threatProfileTechniques.profileId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(threatProfileTechniques.techniqueId));
  const catalog = await techniquesByExternalId(
    db,
    techs.map((t) => t.techniqueId),
  );
  return rows.map((r) => ({
    id: r.id,
    client_id: r.clientId,
    name: r.name,
    description: r.description,
    group_ids: r.groupIds,
    software_ids: r.softwareIds,
    campaign_ids: r.campaignIds,
    extra: r.extra,
    source: r.source,
    attack_release:
      r.attackReleaseId && r.attackVersion
        ? { id: r.attackReleaseId, version: r.attackVersion }
        : null,
    techniques: techs
      .filter((t) => t.profileId === r.id)
      .map((t) => ({
        technique_id: t.techniqueId,
        name: catalog.get(t.techniqueId)?.name ?? t.techniqueId,
        tactics: catalog.get(t.techniqueId)?.tactics ?? [],
        weight: t.weight,
        groups: t.usedBy,
      })),
    version: r.version,
    created_at: r.createdAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
  }));
}
