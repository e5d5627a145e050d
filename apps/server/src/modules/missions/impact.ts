import type { DiffImpact } from '@metamorph/contract';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { missionTestAttack, missionTests, missions } from '../../db/schema/index.js';
import type { DiffImpactProvider } from '../attack/index.js';
import { reasonsById } from '../library/index.js';

/**
 * Release diff impact: mission tests whose ATT&CK tag snapshot names a technique the diff
 * touches (they keep their snapshot). Only missions the caller may see: members, or all
 * for admin.missions; blue-only members never see tests hidden from blue.
 */
export const missionTestsImpactProvider: DiffImpactProvider = {
  name: 'missions.tests',
  async impacts({ db, diff, actor, touched }) {
    if (!actor || touched.length === 0) return [];
    const admin = actor.permissions.has('admin.missions');
    const rows = await db
      .select({
        id: missionTests.id,
        name: missionTests.snapshotName,
        missionId: missionTests.missionId,
        missionName: missions.name,
        externalId: missionTestAttack.externalId,
      })
      .from(missionTestAttack)
      .innerJoin(missionTests, eq(missionTests.id, missionTestAttack.testId))
      .innerJoin(missions, eq(missions.id, missionTests.missionId))
      .where(
        and(
          inArray(missionTestAttack.externalId, touched),
          isNull(missionTests.deletedAt),
          isNull(missions.deletedAt),
          admin
            ? undefined
            : sql`exists (select 1 from mission_members mm where mm.mission_id = ${missions.id}
                and mm.user_id = ${actor.userId}
                and (mm.role <> 'blue' or not ${missionTests.hiddenFromBlue}))`,
        ),
      )
      .orderBy(asc(missions.name), asc(missionTests.snapshotName), asc(missionTestAttack.position));
    const reasons = reasonsById(diff);
    const byTest = new Map<string, DiffImpact>();
    for (const r of rows) {
      const item = byTest.get(r.id) ?? {
        provider: 'missions.tests',
        kind: 'mission_test',
        id: r.id,
        label: `${r.missionName}: ${r.name}`,
        mission_id: r.missionId,
        external_ids: [],
        reasons: [],
      };
      item.external_ids.push(r.externalId);
      for (const reason of reasons.get(r.externalId) ?? []) {
        if (!item.reasons.includes(reason)) item.reasons.push(reason);
      }
      byTest.set(r.id, item);
    }
    return [...byTest.values()];
  },
};
