import type { MissionRole } from '@metamorph/contract';
import { and, eq } from 'drizzle-orm';
import { missionMembers, missions, type MissionRow } from '../db/schema/index.js';
import { missionSides, requireActor, type Actor } from '../platform/authz.js';
import { forbidden, notFound } from '../platform/errors.js';
import type { DbOrTx } from '../platform/tx.js';

export interface MissionAccess {
  actor: Actor;
  mission: MissionRow;
  /** The caller's role; null for an admin.missions holder who is not a member. */
  role: MissionRole | null;
  admin: boolean;
  canManage: boolean;
  sides: { red: boolean; blue: boolean };
  /** Blue-only callers do not see tests hidden from blue. */
  seesHidden: boolean;
  /** Read `FOR NO KEY UPDATE` inside the current transaction (the mission row is held). */
  locked: boolean;
}

export const missionNotFound = () => notFound('Mission');

/**
 * The lock order of every mission write (docs/architecture.md): the mission row first
 * (`forUpdate` here), then the test rows it touches (in id order when there are several), then
 * the change record, and the chained audit append last. One order everywhere, so no two
 * writers on a mission can wait for each other in a cycle.
 *
 * Who may see a mission: its members, and admin.missions holders. Everyone else gets 404,
 * exactly as for a mission that does not exist, so nothing leaks its existence. A soft-deleted
 * mission is visible to admins only, and only where they ask for deleted ones.
 */
export async function missionAccess(
  db: DbOrTx,
  actorOrNull: Actor | null | undefined,
  missionId: string,
  opts: { includeDeleted?: boolean; forUpdate?: boolean } = {},
): Promise<MissionAccess> {
  const actor = requireActor(actorOrNull);
  // One round trip: the mission and the caller's membership (locking only the mission row).
  const q = db
    .select({ mission: missions, role: missionMembers.role })
    .from(missions)
    .leftJoin(
      missionMembers,
      and(eq(missionMembers.missionId, missions.id), eq(missionMembers.userId, actor.userId)),
    )
    .where(eq(missions.id, missionId));
  // NO KEY UPDATE: writers serialise on the mission row, while inserts that only reference it
  // (events, presence, evidence rows) are not blocked by the lock.
  const [row] = opts.forUpdate ? await q.for('no key update', { of: missions }) : await q;
  if (!row) throw missionNotFound();
  const mission = row.mission;
  const admin = actor.permissions.has('admin.missions');
  if (mission.deletedAt && !(admin && opts.includeDeleted)) throw missionNotFound();
  const role = (row.role as MissionRole | null) ?? null;
  if (!role && !admin) throw missionNotFound();
  return {
    actor,
    mission,
    role,
    ...memberRights(actor, role),
    locked: opts.forUpdate === true,
  };
}

/**
 * What a caller holding `role` in a mission (null: an admin.missions holder who is not a
 * member) may do there: the one place that derives sides, lead rights and hidden-test
 * visibility from a mission role.
 */
export function memberRights(
  actor: Actor,
  role: MissionRole | null,
): Pick<MissionAccess, 'admin' | 'canManage' | 'sides' | 'seesHidden'> {
  const admin = actor.permissions.has('admin.missions');
  return {
    admin,
    canManage: admin || (role === 'lead' && actor.permissions.has('mission.manage')),
    sides: missionSides(actor, role),
    seesHidden:
      admin || role === 'lead' || role === 'purple' || role === 'red' || role === 'viewer',
  };
}

/** 403 for a member who may see the mission but not manage it. */
export function requireManage(access: MissionAccess): MissionAccess {
  if (!access.canManage) {
    throw forbidden(
      'Managing this mission needs the lead role in it (with mission.manage) or admin.missions',
    );
  }
  return access;
}
