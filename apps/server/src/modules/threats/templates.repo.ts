import type { NextTestTemplate } from '@metamorph/contract';
import { asc, eq, inArray } from 'drizzle-orm';
import { libraryTestAttack, libraryTests } from '../../db/schema/index.js';
import type { DbOrTx } from '../../platform/tx.js';

/**
 * Library test templates tagged with each technique (exactly: a sub-technique's templates
 * cover the sub-technique), kept when `platforms` is empty, when they name no platform, or
 * when they share one with it (case-insensitive). By name, then id.
 */
export async function templatesFor(
  db: DbOrTx,
  techniqueIds: readonly string[],
  platforms: readonly string[],
): Promise<Map<string, NextTestTemplate[]>> {
  const out = new Map<string, NextTestTemplate[]>();
  if (techniqueIds.length === 0) return out;
  const rows = await db
    .select({
      techniqueId: libraryTestAttack.externalId,
      id: libraryTests.id,
      key: libraryTests.key,
      name: libraryTests.name,
      platforms: libraryTests.platforms,
      source: libraryTests.source,
    })
    .from(libraryTestAttack)
    .innerJoin(libraryTests, eq(libraryTests.id, libraryTestAttack.testId))
    .where(inArray(libraryTestAttack.externalId, [...techniqueIds]))
    .orderBy(asc(libraryTests.name), asc(libraryTests.id));
  const wanted = platforms.map((p) => p.toLowerCase());
  for (const { techniqueId, ...t } of rows) {
    const fits =
      wanted.length === 0 ||
      t.platforms.length === 0 ||
      t.platforms.some((p) => wanted.includes(p.toLowerCase()));
    if (!fits) continue;
    out.set(techniqueId, [...(out.get(techniqueId) ?? []), t]);
  }
  return out;
}
