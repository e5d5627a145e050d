import { asc, eq, inArray, sql } from 'drizzle-orm';
import { missionTests, missions } from '../../db/schema/index.js';
import type { Clock } from '../../platform/clock.js';
import type { Tx } from '../../platform/tx.js';
import { recordTestChanges } from '../../kernel/changes.js';

/**
 * Moves every test whose outcome is level `from` to level `to`, following the lock order of
 * mission writes (docs/architecture.md): the missions involved, in id order, then their tests.
 * Each test gets a new version and a change record (live viewers and the activity feed see
 * the remap). Returns how many tests moved.
 */
export async function remapLevel(
  tx: Tx,
  clock: Clock,
  c: { from: string; to: string; actorId: string | null },
): Promise<number> {
  const involved = await tx
    .selectDistinct({ id: missionTests.missionId })
    .from(missionTests)
    .where(eq(missionTests.detectionLevelId, c.from))
    .orderBy(asc(missionTests.missionId));
  if (involved.length === 0) return 0;
  const ids = involved.map((m) => m.id);
  for (let i = 0; i < ids.length; i += 1000) {
    await tx
      .select({ id: missions.id })
      .from(missions)
      .where(inArray(missions.id, ids.slice(i, i + 1000)))
      .orderBy(asc(missions.id))
      .for('no key update');
  }
  const now = clock.now();
  // Under the mission locks: only tests of these missions can hold the level now.
  const moved = await tx
    .update(missionTests)
    .set({
      detectionLevelId: c.to,
      version: sql`${missionTests.version} + 1`,
      updatedAt: now,
    })
    .where(eq(missionTests.detectionLevelId, c.from))
    .returning({ id: missionTests.id, missionId: missionTests.missionId });
  const byMission = new Map<string, string[]>();
  for (const t of moved) byMission.set(t.missionId, [...(byMission.get(t.missionId) ?? []), t.id]);
  for (const missionId of [...byMission.keys()].sort()) {
    await recordTestChanges(tx, clock, {
      missionId,
      kind: 'test.changed',
      testIds: byMission.get(missionId)!.sort(),
      actorId: c.actorId,
      at: now,
    });
  }
  return moved.length;
}
