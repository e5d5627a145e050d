import type { AssetKind, FieldIssue, MissionTestUpdate } from '@metamorph/contract';
import { and, eq, inArray } from 'drizzle-orm';
import { detectionLevels, missionAssets } from '../../db/schema/index.js';
import type { DbOrTx } from '../../platform/tx.js';

const ASSET_FIELDS = {
  source_asset_id: 'source',
  target_asset_id: 'target',
  red_tool_id: 'red_tool',
} as const satisfies Partial<Record<keyof MissionTestUpdate, AssetKind>>;

/**
 * 422 issues for references a patch makes: an unknown detection level, or an asset that is
 * not this mission's asset of the right kind (another mission's asset reads as unknown).
 */
export async function referenceIssues(
  db: DbOrTx,
  missionId: string,
  body: MissionTestUpdate,
): Promise<FieldIssue[]> {
  const issues: FieldIssue[] = [];
  if (body.detection_level_id) {
    const [level] = await db
      .select({ id: detectionLevels.id })
      .from(detectionLevels)
      .where(eq(detectionLevels.id, body.detection_level_id));
    if (!level)
      issues.push({ path: 'body.detection_level_id', message: 'is not a detection level' });
  }
  const wanted = (Object.keys(ASSET_FIELDS) as Array<keyof typeof ASSET_FIELDS>).filter(
    (f) => typeof body[f] === 'string',
  );
  if (wanted.length > 0) {
    const rows = await db
      .select({ id: missionAssets.id, kind: missionAssets.kind })
      .from(missionAssets)
      .where(
        and(
          eq(missionAssets.missionId, missionId),
          inArray(
            missionAssets.id,
            wanted.map((f) => body[f] as string),
          ),
        ),
      );
    const kindOf = new Map(rows.map((r) => [r.id, r.kind]));
    for (const f of wanted) {
      const kind = kindOf.get(body[f] as string);
      if (kind !== ASSET_FIELDS[f]) {
        issues.push({
          path: `body.${f}`,
          message: kind
            ? `is a ${kind} asset, not a ${ASSET_FIELDS[f]}`
            : `is not a ${ASSET_FIELDS[f]} asset of this mission`,
        });
      }
    }
  }
  return issues;
}
