import type {
  Mission,
  MissionStatus,
  MissionSummary,
  MissionVisibility,
} from '@metamorph/contract';
import { and, count, eq, inArray, isNull } from 'drizzle-orm';
import { clients, missionTests, type MissionRow } from '../../db/schema/index.js';
import type { DbOrTx } from '../../platform/tx.js';
import type { MissionAccess } from '../../kernel/mission-access.js';

export interface MissionStats {
  clientName: string;
  testCount: number;
  stateCounts: Record<string, number>;
}

/** Client names and live test counts per state for a page of missions. */
export async function missionStats(
  db: DbOrTx,
  rows: readonly MissionRow[],
): Promise<Map<string, MissionStats>> {
  const out = new Map<string, MissionStats>();
  if (rows.length === 0) return out;
  const ids = rows.map((r) => r.id);
  const [names, counts] = await Promise.all([
    db
      .select({ id: clients.id, name: clients.name })
      .from(clients)
      .where(inArray(clients.id, [...new Set(rows.map((r) => r.clientId))])),
    db
      .select({ missionId: missionTests.missionId, state: missionTests.state, n: count() })
      .from(missionTests)
      .where(and(inArray(missionTests.missionId, ids), isNull(missionTests.deletedAt)))
      .groupBy(missionTests.missionId, missionTests.state),
  ]);
  const nameOf = new Map(names.map((n) => [n.id, n.name]));
  for (const r of rows) {
    out.set(r.id, { clientName: nameOf.get(r.clientId) ?? '', testCount: 0, stateCounts: {} });
  }
  for (const c of counts) {
    const s = out.get(c.missionId);
    if (!s) continue;
    s.testCount += Number(c.n);
    s.stateCounts[c.state] = Number(c.n);
  }
  return out;
}

export function toSummary(
  r: MissionRow,
  stats: MissionStats | undefined,
  myRole: MissionSummary['my_role'],
): MissionSummary {
  return {
    id: r.id,
    client: { id: r.clientId, name: stats?.clientName ?? '' },
    name: r.name,
    status: r.status as MissionStatus,
    start_date: r.startDate,
    end_date: r.endDate,
    tags: r.tags,
    visibility: r.visibility as MissionVisibility,
    version: r.version,
    my_role: myRole,
    test_count: stats?.testCount ?? 0,
    state_counts: stats?.stateCounts ?? {},
    created_at: r.createdAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
    deleted_at: r.deletedAt?.toISOString() ?? null,
  };
}

export async function toMission(db: DbOrTx, access: MissionAccess): Promise<Mission> {
  const r = access.mission;
  const stats = (await missionStats(db, [r])).get(r.id);
  return {
    ...toSummary(r, stats, access.role),
    description_md: r.descriptionMd,
    environment_md: r.environmentMd,
    source_mission_id: r.sourceMissionId,
    retest_of_mission_id: r.retestOfMissionId,
    can_manage: access.canManage,
    sides: access.sides,
  };
}

export const clientExists = async (db: DbOrTx, id: string): Promise<boolean> =>
  (await db.select({ id: clients.id }).from(clients).where(eq(clients.id, id))).length > 0;
