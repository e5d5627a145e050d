import { DEFAULT_DETECTION_LEVELS, type DetectionLevel } from '@metamorph/contract';
import { asc } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { detectionLevels } from '../../db/schema/index.js';
import { newId } from '../../platform/ids.js';
import type { DbOrTx } from '../../platform/tx.js';

/** Seeds the four default levels by key; existing rows (and admins' edits) are left alone. */
export async function seedDetectionLevels(ctx: AppContext): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db
    .insert(detectionLevels)
    .values(
      DEFAULT_DETECTION_LEVELS.map((l) => ({
        id: newId(),
        key: l.key,
        label: l.label,
        colour: l.colour,
        rank: l.rank,
        countsAs: l.counts_as,
        coverageScore: l.coverage_score,
        description: l.description,
        createdAt: now,
        updatedAt: now,
      })),
    )
    .onConflictDoNothing({ target: detectionLevels.key });
}

export async function listDetectionLevels(db: DbOrTx): Promise<DetectionLevel[]> {
  const rows = await db
    .select()
    .from(detectionLevels)
    .orderBy(asc(detectionLevels.rank), asc(detectionLevels.key));
  return rows.map((r) => ({
    id: r.id,
    key: r.key,
    label: r.label,
    colour: r.colour,
    rank: r.rank,
    counts_as: r.countsAs as DetectionLevel['counts_as'],
    coverage_score: r.coverageScore,
    description: r.description,
  }));
}
