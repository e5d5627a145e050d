import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { missions, type MissionRow } from '../db/schema/index.js';
import { appendAuditMany, type AuditContext, type AuditEntry } from '../platform/audit/audit.js';
import { accountId } from '../platform/authz.js';
import type { Clock } from '../platform/clock.js';
import { forbidden } from '../platform/errors.js';
import type { Tx } from '../platform/tx.js';
import { recordChange, recordTestChanges, type MissionEventKind } from './changes.js';
import { missionAccess, requireManage, type MissionAccess } from './mission-access.js';
import {
  lockTestSet,
  testAccess,
  type LockedTestSet,
  type TestAccess,
} from './mission-test-access.js';

/** What a mission write needs of the caller: see it, hold a side (or manage), or manage it. */
export type MissionWriteLevel = 'read' | 'write' | 'manage';

/** 403 for a member who may see the mission but holds no side in it and does not manage it. */
export function requireWriter(access: MissionAccess): MissionAccess {
  if (access.canManage || access.sides.red || access.sides.blue) return access;
  throw forbidden('Writing in this mission needs a red or blue role in it, or its lead role');
}

export function requireLevel(access: MissionAccess, level: MissionWriteLevel): MissionAccess {
  if (level === 'manage') return requireManage(access);
  if (level === 'write') return requireWriter(access);
  return access;
}

/** The handle a mission write callback gets: the locked mission, and the recipe's next steps. */
export interface MissionWrite {
  tx: Tx;
  /** Re-read under the mission row's lock: authorization as of this transaction. */
  access: MissionAccess;
  /** The write's one timestamp: every row it stamps and the answer carry the same instant. */
  now: Date;
  actorId: string | null;
  /** Locks one live test of the mission (404 as `testAccess`). */
  lockTest(testId: string): Promise<TestAccess>;
  /** Locks several tests in id order (the one order two writers can both follow). */
  lockTests(testIds: readonly string[]): Promise<TestAccess[]>;
  /**
   * Locks a set of tests in id order in one statement (bulk actions); the ids it cannot see
   * come back as `missing` instead of a 404, for the caller to refuse the request with.
   */
  lockTestSet(testIds: readonly string[]): Promise<LockedTestSet>;
  /** The change record (mission sequence, event row, NOTIFY at commit); returns its number. */
  change(kind: MissionEventKind, ids?: ChangeIds): Promise<number>;
  /** One change per test in a single round of statements. */
  changeTests(kind: MissionEventKind, testIds: readonly string[]): Promise<number | null>;
  /**
   * Queues an audit row (filed under this mission): the chained append runs after the
   * callback, as the write's last step.
   */
  audit(entry: AuditEntry): void;
  /**
   * Locks a second mission this write also changes, without authorizing the actor in it: a
   * consequence of the write the actor was allowed to make (a retest test's review moves its
   * finding in the original mission). Only ever a mission older than the locked one (a retest
   * mission's original) or one created in this same transaction (invisible to others), so
   * two writers never wait for each other in a cycle (docs/architecture.md).
   */
  alsoMission(missionId: string): Promise<LinkedMissionWrite>;
}

export type ChangeIds = { testId?: string; evidenceId?: string; findingId?: string };

/** The change record and audit queue of a second mission of the same write. */
export interface LinkedMissionWrite {
  mission: MissionRow;
  change(kind: MissionEventKind, ids?: ChangeIds): Promise<number>;
  audit(entry: AuditEntry): void;
}

export interface MissionWriteOptions {
  level: MissionWriteLevel;
  /** Admins restoring a soft-deleted mission. */
  includeDeleted?: boolean;
}

/**
 * The one recipe of a mission-scoped write (docs/architecture.md): authorize against the
 * mission row locked `FOR NO KEY UPDATE` → lock the tests it touches (id order) → the
 * callback validates and writes → change record → chained audit append last, so its global
 * lock is held for the shortest time. Every mission write goes through here, so no two
 * writers can take their locks in different orders.
 */
export async function missionWrite<T>(
  deps: { db: Db; clock: Clock },
  audit: AuditContext,
  missionId: string,
  opts: MissionWriteOptions,
  fn: (w: MissionWrite) => Promise<T>,
): Promise<T> {
  return deps.db.transaction(async (tx) => {
    const access = requireLevel(
      await missionAccess(tx, audit.actor, missionId, {
        forUpdate: true,
        includeDeleted: opts.includeDeleted,
      }),
      opts.level,
    );
    const now = deps.clock.now();
    const actorId = accountId(audit.actor);
    const queued: AuditEntry[] = [];
    const linked = new Map<string, LinkedMissionWrite>();
    const locked = new Map<string, TestAccess>();
    const lockTest = async (testId: string): Promise<TestAccess> => {
      const known = locked.get(testId);
      if (known) return known;
      const t = await testAccess(tx, audit.actor, missionId, testId, {
        access,
        forUpdate: true,
      });
      locked.set(testId, t);
      return t;
    };
    const w: MissionWrite = {
      tx,
      access,
      now,
      actorId,
      lockTest,
      async lockTests(testIds) {
        const out = new Map<string, TestAccess>();
        for (const id of [...new Set(testIds)].sort()) out.set(id, await lockTest(id));
        return testIds.map((id) => out.get(id)!);
      },
      lockTestSet: (testIds) => lockTestSet(tx, access, testIds),
      change: (kind, ids = {}) =>
        recordChange(tx, deps.clock, { missionId, kind, actorId, at: now, ...ids }),
      changeTests: (kind, testIds) =>
        recordTestChanges(tx, deps.clock, { missionId, kind, testIds, actorId, at: now }),
      audit(entry) {
        if (entry.missionId != null && entry.missionId !== missionId) {
          throw new Error(`audit entry for mission ${entry.missionId} in a write to ${missionId}`);
        }
        queued.push({ ...entry, missionId });
      },
      async alsoMission(otherId) {
        if (otherId === missionId) throw new Error(`alsoMission(${otherId}) is the write's own`);
        const known = linked.get(otherId);
        if (known) return known;
        const [row] = await tx
          .select()
          .from(missions)
          .where(eq(missions.id, otherId))
          .for('no key update');
        if (!row) throw new Error(`mission ${otherId} vanished during a write`);
        const handle: LinkedMissionWrite = {
          mission: row,
          change: (kind, ids = {}) =>
            recordChange(tx, deps.clock, { missionId: otherId, kind, actorId, at: now, ...ids }),
          audit(entry) {
            queued.push({ ...entry, missionId: otherId });
          },
        };
        linked.set(otherId, handle);
        return handle;
      },
    };
    const result = await fn(w);
    // One lock, one read of the chain head, batched inserts (bulk writes queue hundreds).
    await appendAuditMany(tx, deps.clock, audit, queued);
    return result;
  });
}
