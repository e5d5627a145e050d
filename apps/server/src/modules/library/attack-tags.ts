import { attackTagKind, type AttackTag } from '@metamorph/contract';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { attackTactics, attackTechniques } from '../../db/schema/index.js';
import type { DbOrTx } from '../../platform/tx.js';

/** Library ATT&CK tags are Enterprise ids (Atomic Red Team and most procedures are). */
export const LIBRARY_ATTACK_DOMAIN = 'enterprise-attack';

export type TagResolver = (externalId: string) => AttackTag;

/**
 * Resolves ATT&CK ids against the current Enterprise catalog in two queries: name, url and
 * status (ok, unknown, revoked, deprecated). A live object wins over a revoked one of the
 * same id.
 */
export async function resolveAttackTags(db: DbOrTx, ids: Iterable<string>): Promise<TagResolver> {
  const all = [...new Set(ids)];
  const tacticIds = all.filter((id) => id.startsWith('TA'));
  const techniqueIds = all.filter((id) => !id.startsWith('TA'));
  // In turn, not in parallel: `db` may be a transaction (one connection).
  const tactics =
    tacticIds.length === 0
      ? []
      : await db
          .select({
            externalId: attackTactics.externalId,
            name: attackTactics.name,
            url: attackTactics.url,
          })
          .from(attackTactics)
          .where(
            and(
              eq(attackTactics.domain, LIBRARY_ATTACK_DOMAIN),
              eq(attackTactics.inCurrentRelease, true),
              inArray(attackTactics.externalId, tacticIds),
            ),
          );
  const techniques =
    techniqueIds.length === 0
      ? []
      : await db
          .select({
            externalId: attackTechniques.externalId,
            name: attackTechniques.name,
            url: attackTechniques.url,
            revoked: attackTechniques.revoked,
            deprecated: attackTechniques.deprecated,
            revokedBy: attackTechniques.revokedByExternalId,
          })
          .from(attackTechniques)
          .where(
            and(
              eq(attackTechniques.domain, LIBRARY_ATTACK_DOMAIN),
              eq(attackTechniques.inCurrentRelease, true),
              inArray(attackTechniques.externalId, techniqueIds),
            ),
          )
          // Live rows last, so they overwrite revoked/deprecated ones in the map below.
          .orderBy(asc(attackTechniques.revoked), asc(attackTechniques.deprecated));
  const known = new Map<string, AttackTag>();
  for (const t of tactics) {
    known.set(t.externalId, {
      kind: 'tactic',
      external_id: t.externalId,
      name: t.name,
      url: t.url,
      status: 'ok',
      revoked_by: null,
    });
  }
  for (const t of [...techniques].reverse()) {
    known.set(t.externalId, {
      kind: attackTagKind(t.externalId),
      external_id: t.externalId,
      name: t.name,
      url: t.url,
      status: t.revoked ? 'revoked' : t.deprecated ? 'deprecated' : 'ok',
      revoked_by: t.revoked ? t.revokedBy : null,
    });
  }
  return (id) =>
    known.get(id) ?? {
      kind: attackTagKind(id),
      external_id: id,
      name: null,
      url: null,
      status: 'unknown',
      revoked_by: null,
    };
}

export const isFlagged = (tags: readonly AttackTag[]): boolean =>
  tags.some((t) => t.status !== 'ok');
