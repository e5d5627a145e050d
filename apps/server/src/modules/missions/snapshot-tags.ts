import type { AttackTag, AttackTagSnapshot } from '@metamorph/contract';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { attackTactics, attackTechniques } from '../../db/schema/index.js';
import type { DbOrTx } from '../../platform/tx.js';
import { LIBRARY_ATTACK_DOMAIN, resolveAttackTags } from '../library/index.js';

type Tactic = AttackTagSnapshot['tactics'][number];

/** An ATT&CK tag as a mission test snapshots it: the tag and, for techniques, its tactics. */
export type SnapshotTag = AttackTag & { tactics: Tactic[] };
export type SnapshotTagResolver = (externalId: string) => SnapshotTag;

/**
 * Resolves ids against the current Enterprise catalog like the library does, plus each live
 * technique's tactics in matrix order (one more query), so the plan can filter by tactic even
 * where a test is tagged with techniques only.
 */
export async function resolveSnapshotTags(
  db: DbOrTx,
  ids: Iterable<string>,
): Promise<SnapshotTagResolver> {
  const all = [...new Set(ids)];
  const techniqueIds = all.filter((id) => !id.startsWith('TA'));
  // In turn, not in parallel: `db` may be a transaction (one connection).
  const tag = await resolveAttackTags(db, all);
  const rows =
    techniqueIds.length === 0
      ? []
      : await db
          .select({
            technique: attackTechniques.externalId,
            external_id: attackTactics.externalId,
            shortname: attackTactics.shortname,
            name: attackTactics.name,
          })
          .from(attackTechniques)
          .innerJoin(
            attackTactics,
            and(
              eq(attackTactics.domain, attackTechniques.domain),
              eq(attackTactics.inCurrentRelease, true),
              sql`${attackTactics.shortname} = ANY (${attackTechniques.tactics})`,
            ),
          )
          .where(
            and(
              eq(attackTechniques.domain, LIBRARY_ATTACK_DOMAIN),
              eq(attackTechniques.inCurrentRelease, true),
              eq(attackTechniques.revoked, false),
              inArray(attackTechniques.externalId, techniqueIds),
            ),
          )
          .orderBy(asc(attackTactics.matrixOrder));
  const tactics = new Map<string, Tactic[]>();
  for (const { technique, ...t } of rows) {
    const list = tactics.get(technique) ?? [];
    if (!list.some((x) => x.external_id === t.external_id)) list.push(t);
    tactics.set(technique, list);
  }
  return (id) => ({ ...tag(id), tactics: tactics.get(id) ?? [] });
}
