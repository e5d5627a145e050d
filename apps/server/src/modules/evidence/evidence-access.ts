import type { EvidenceSide } from '@metamorph/contract';
import type { Db } from '../../db/client.js';
import type { AuditContext } from '../../platform/audit/audit.js';
import type { Actor } from '../../platform/authz.js';
import type { Clock } from '../../platform/clock.js';
import { DomainError, forbidden, notFound } from '../../platform/errors.js';
import type { DbOrTx } from '../../platform/tx.js';
import { testAccess, type TestAccess } from '../../kernel/mission-test-access.js';
import { missionWrite, type MissionWrite } from '../../kernel/mission-write.js';
import { findEvidence } from './evidence.repo.js';

export const evidenceNotFound = () => notFound('Evidence');

export type EvidenceRow = NonNullable<Awaited<ReturnType<typeof findEvidence>>>;

export interface EvidenceAccess extends TestAccess {
  row: EvidenceRow;
}

/**
 * A live evidence file the actor may see. Missing, soft-deleted, in a mission the actor is not
 * in, on a deleted test or on a test hidden from this blue-only member: the same 404 body, so
 * nothing leaks. Writes go through `evidenceWrite`.
 */
export async function evidenceAccess(
  db: DbOrTx,
  actor: Actor | null | undefined,
  id: string,
): Promise<EvidenceAccess> {
  const row = await findEvidence(db, id);
  if (!row || row.e.deletedAt) throw evidenceNotFound();
  let access: TestAccess;
  try {
    access = await testAccess(db, actor, row.e.missionId, row.e.testId);
  } catch (err) {
    if (err instanceof DomainError && err.status === 404) throw evidenceNotFound();
    throw err;
  }
  return { ...access, row };
}

/**
 * A write to one evidence file through the mission-write recipe: mission row, then its test,
 * then the evidence row re-read under those locks (a concurrent delete may have committed).
 * Any 404 on the way is the evidence's 404, so nothing leaks.
 */
export async function evidenceWrite<T>(
  deps: { db: Db; clock: Clock },
  audit: AuditContext,
  id: string,
  fn: (w: MissionWrite, access: EvidenceAccess) => Promise<T>,
): Promise<T> {
  const found = await findEvidence(deps.db, id);
  if (!found || found.e.deletedAt) throw evidenceNotFound();
  const { missionId, testId } = found.e;
  let inside = false;
  try {
    return await missionWrite(deps, audit, missionId, { level: 'read' }, async (w) => {
      const access = await w.lockTest(testId);
      const row = await findEvidence(w.tx, id);
      if (!row || row.e.deletedAt) throw evidenceNotFound();
      inside = true;
      return fn(w, { ...access, row });
    });
  } catch (err) {
    if (!inside && err instanceof DomainError && err.status === 404) throw evidenceNotFound();
    throw err;
  }
}

/** Changing or removing evidence needs its side in the mission, or admin.missions. */
export function requireEvidenceSide(access: EvidenceAccess, what: string): void {
  const side = access.row.e.side as EvidenceSide;
  if (access.admin || access.sides[side]) return;
  throw forbidden(`${what} ${side} evidence needs the ${side} side in this mission`);
}

/**
 * The side an upload is filed under: the caller's only side, or the requested one for a caller
 * holding both (blue by default). 403 for a caller holding neither or asking for one not held.
 */
export function uploadSide(
  sides: { red: boolean; blue: boolean },
  requested: EvidenceSide | undefined,
): EvidenceSide {
  if (!sides.red && !sides.blue) {
    throw forbidden('Uploading evidence needs the red or blue side in this mission');
  }
  if (requested) {
    if (!sides[requested]) {
      throw forbidden(
        `Uploading ${requested} evidence needs the ${requested} side in this mission`,
      );
    }
    return requested;
  }
  return sides.blue ? 'blue' : 'red';
}
