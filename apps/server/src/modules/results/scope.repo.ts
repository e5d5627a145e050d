import type { MissionRole } from '@metamorph/contract';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import {
  attackReleases,
  clients,
  detectionLevels,
  missionMembers,
  missions,
} from '../../db/schema/index.js';
import { sqlRows } from '../../platform/sql-rows.js';
import { listDetectionLevels } from '../execution/index.js';
import type { Actor } from '../../platform/authz.js';
import type { DbOrTx } from '../../platform/tx.js';
import type { ResultLevelRow } from './results.types.js';

export interface ScopedMission {
  id: string;
  name: string;
  clientId: string;
  clientName: string;
  /** Start date, else the creation day (YYYY-MM-DD). */
  date: string;
  changeSeq: number;
  /** Whether the caller sees the mission's tests hidden from blue. */
  seesHidden: boolean;
}

const SEES_HIDDEN: readonly MissionRole[] = ['lead', 'purple', 'red', 'viewer'];

/**
 * The live missions of a client (or of every client) the caller may see: those they are a
 * member of, all of them for admin.missions holders. Oldest first (date, then creation).
 */
export async function visibleMissions(
  db: DbOrTx,
  actor: Actor,
  clientId: string | null,
): Promise<ScopedMission[]> {
  const admin = actor.permissions.has('admin.missions');
  const rows = await db
    .select({
      id: missions.id,
      name: missions.name,
      clientId: missions.clientId,
      clientName: clients.name,
      startDate: missions.startDate,
      createdAt: missions.createdAt,
      changeSeq: missions.changeSeq,
      role: missionMembers.role,
    })
    .from(missions)
    .innerJoin(clients, eq(clients.id, missions.clientId))
    .leftJoin(
      missionMembers,
      and(eq(missionMembers.missionId, missions.id), eq(missionMembers.userId, actor.userId)),
    )
    .where(and(isNull(missions.deletedAt), clientId ? eq(missions.clientId, clientId) : undefined))
    .orderBy(asc(missions.createdAt), asc(missions.id));
  return rows
    .filter((r) => admin || r.role !== null)
    .map((r) => ({
      id: r.id,
      name: r.name,
      clientId: r.clientId,
      clientName: r.clientName,
      date: r.startDate ?? r.createdAt.toISOString().slice(0, 10),
      changeSeq: r.changeSeq,
      seesHidden: admin || SEES_HIDDEN.includes(r.role as MissionRole),
    }))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

export async function findClient(
  db: DbOrTx,
  id: string,
): Promise<{ id: string; name: string } | null> {
  const [row] = await db
    .select({ id: clients.id, name: clients.name })
    .from(clients)
    .where(eq(clients.id, id));
  return row ?? null;
}

/** Every detection level, in rank order (the legend and the colours of every figure). */
export async function loadLevels(db: DbOrTx): Promise<ResultLevelRow[]> {
  return (await listDetectionLevels(db)).map((l) => ({
    id: l.id,
    key: l.key,
    label: l.label,
    colour: l.colour,
    rank: l.rank,
    countsAs: l.counts_as,
    coverageScore: l.coverage_score,
  }));
}

/**
 * What every results answer depends on besides the missions' change sequences: the detection
 * levels (count and last change) and the current Enterprise release (tactic order). One query.
 */
export async function resultsSignature(db: DbOrTx): Promise<string> {
  const rows = await sqlRows<{ sig: string }>(
    db,
    sql`
    SELECT concat_ws('|',
      (SELECT count(*)::text || '@' || coalesce(max(${detectionLevels.updatedAt})::text, '')
         FROM ${detectionLevels}),
      (SELECT ${attackReleases.id}::text FROM ${attackReleases}
        WHERE ${attackReleases.domain} = 'enterprise-attack' AND ${attackReleases.current}
        LIMIT 1)
    ) AS sig`,
  );
  return rows[0]?.sig ?? '';
}
