import { createHash } from 'node:crypto';
import type { AttackDomain } from '@metamorph/contract';
import { eq } from 'drizzle-orm';
import {
  attackGroups,
  attackMitigations,
  attackRelationships,
  attackReleases,
  attackReleaseTechniques,
  attackSoftware,
  attackTactics,
  attackTechniques,
} from '../../../db/schema/index.js';
import type { Db } from '../../../db/client.js';
import { newId } from '../../../platform/ids.js';

/**
 * Test-only: writes a release and its catalog straight into the tables, the way the
 * importer leaves them (catalog = that release; it becomes the domain's current one).
 * Used where a test needs a shape the STIX fixtures do not have (other domains).
 */
export interface SeedTechnique {
  id: string;
  name: string;
  tactics: string[];
  platforms?: string[];
  description?: string;
  revoked?: boolean;
  deprecated?: boolean;
  revokedBy?: string;
}
export interface SeedSpec {
  domain?: AttackDomain;
  version: string;
  tactics: { id: string; shortname: string; name: string }[];
  techniques: SeedTechnique[];
  groups?: { id: string; name: string; aliases?: string[]; uses: string[]; use?: string }[];
  software?: { id: string; name: string; uses: string[]; usedBy?: string[] }[];
  mitigations?: { id: string; name: string; mitigates: string[] }[];
}

const rel = (
  domain: AttackDomain,
  type: string,
  sourceRef: string,
  targetRef: string,
  description: string | null = null,
) => ({
  domain,
  stixId: `relationship--${sourceRef}-${targetRef}`,
  type,
  sourceRef,
  targetRef,
  description,
});

const stix = (kind: string, externalId: string): string => `${kind}--${externalId.toLowerCase()}`;
const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

export async function seedRelease(db: Db, spec: SeedSpec): Promise<string> {
  const domain = spec.domain ?? 'enterprise-attack';
  const releaseId = newId();
  await db.transaction(async (tx) => {
    await tx
      .update(attackReleases)
      .set({ current: false })
      .where(eq(attackReleases.domain, domain));
    await tx.insert(attackReleases).values({
      id: releaseId,
      domain,
      version: spec.version,
      specVersion: '2.1',
      source: 'test-seed',
      sha256: sha(`${domain}:${spec.version}:${releaseId}`),
      counts: { techniques: spec.techniques.length },
      importedAt: new Date(),
      current: true,
    });
    for (const table of [
      attackTactics,
      attackTechniques,
      attackGroups,
      attackSoftware,
      attackMitigations,
    ]) {
      await tx.delete(table).where(eq(table.domain, domain));
    }
    await tx.delete(attackRelationships).where(eq(attackRelationships.domain, domain));
    await tx.insert(attackTactics).values(
      spec.tactics.map((t, i) => ({
        domain,
        stixId: stix('x-mitre-tactic', t.id),
        externalId: t.id,
        shortname: t.shortname,
        name: t.name,
        matrixOrder: i,
      })),
    );
    const rows = spec.techniques.map((t) => {
      const dot = t.id.indexOf('.');
      return {
        stixId: stix('attack-pattern', t.id),
        externalId: t.id,
        name: t.name,
        tactics: t.tactics,
        platforms: t.platforms ?? ['Windows'],
        description: t.description ?? `${t.name}.`,
        isSubtechnique: dot > 0,
        parentExternalId: dot > 0 ? t.id.slice(0, dot) : null,
        revoked: t.revoked ?? false,
        deprecated: t.deprecated ?? false,
        revokedByExternalId: t.revokedBy ?? null,
        url: `https://attack.mitre.org/techniques/${t.id.replace('.', '/')}`,
      };
    });
    if (rows.length > 0) {
      await tx.insert(attackTechniques).values(rows.map((r) => ({ ...r, id: newId(), domain })));
      await tx.insert(attackReleaseTechniques).values(
        rows.map(({ description, ...r }) => ({
          ...r,
          releaseId,
          descriptionSha256: sha(description),
        })),
      );
    }
    for (const g of spec.groups ?? []) {
      const groupStix = stix('intrusion-set', g.id);
      await tx.insert(attackGroups).values({
        id: newId(),
        domain,
        stixId: groupStix,
        externalId: g.id,
        name: g.name,
        aliases: g.aliases ?? [],
      });
      if (g.uses.length > 0) {
        await tx
          .insert(attackRelationships)
          .values(
            g.uses.map((target) =>
              rel(domain, 'uses', groupStix, stix('attack-pattern', target), g.use ?? null),
            ),
          );
      }
    }
    for (const s of spec.software ?? []) {
      const softwareStix = stix('malware', s.id);
      await tx.insert(attackSoftware).values({
        id: newId(),
        domain,
        stixId: softwareStix,
        externalId: s.id,
        name: s.name,
        kind: 'malware',
        aliases: [],
        platforms: ['Windows'],
      });
      const links = [
        ...s.uses.map((t) => rel(domain, 'uses', softwareStix, stix('attack-pattern', t))),
        ...(s.usedBy ?? []).map((g) => rel(domain, 'uses', stix('intrusion-set', g), softwareStix)),
      ];
      if (links.length > 0) await tx.insert(attackRelationships).values(links);
    }
    for (const m of spec.mitigations ?? []) {
      const mitigationStix = stix('course-of-action', m.id);
      await tx.insert(attackMitigations).values({
        id: newId(),
        domain,
        stixId: mitigationStix,
        externalId: m.id,
        name: m.name,
      });
      if (m.mitigates.length > 0) {
        await tx
          .insert(attackRelationships)
          .values(
            m.mitigates.map((t) =>
              rel(domain, 'mitigates', mitigationStix, stix('attack-pattern', t)),
            ),
          );
      }
    }
  });
  return releaseId;
}
