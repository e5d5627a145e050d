import type { Finding } from '@metamorph/contract';
import type { Db } from '../../db/client.js';
import type { FindingRow } from '../../db/schema/index.js';
import { missionAccess, type MissionAccess } from '../../kernel/mission-access.js';
import { missionWrite, type MissionWrite } from '../../kernel/mission-write.js';
import type { AuditContext } from '../../platform/audit/audit.js';
import type { Actor } from '../../platform/authz.js';
import type { Clock } from '../../platform/clock.js';
import { DomainError, forbidden, notFound } from '../../platform/errors.js';
import type { DbOrTx } from '../../platform/tx.js';
import { findingById, toFindings } from './findings.repo.js';

export const findingNotFound = () => notFound('Finding');

export interface FindingAccess {
  access: MissionAccess;
  row: FindingRow;
  finding: Finding;
}

/** Any 404 on the way (mission not visible, test hidden) reads as the finding's own 404. */
async function asFinding404<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof DomainError && err.status === 404) throw findingNotFound();
    throw err;
  }
}

/**
 * A live finding the actor may see: missing, soft-deleted, in a mission the actor does not
 * see, or hidden from this blue-only member (every linked test hidden): the same 404.
 */
export async function findingAccess(
  db: DbOrTx,
  actor: Actor | null | undefined,
  id: string,
): Promise<FindingAccess> {
  const row = await findingById(db, id);
  if (!row || row.deletedAt) throw findingNotFound();
  const access = await asFinding404(() => missionAccess(db, actor, row.missionId));
  const [finding] = await toFindings(db, [row], access.seesHidden);
  if (!finding) throw findingNotFound();
  return { access, row, finding };
}

/**
 * A write to one finding through the mission-write recipe (manage level): the mission row,
 * then the finding row re-read under its lock (a concurrent delete may have committed).
 */
export async function findingWrite<T>(
  deps: { db: Db; clock: Clock },
  audit: AuditContext,
  id: string,
  fn: (w: MissionWrite, row: FindingRow) => Promise<T>,
): Promise<T> {
  const found = await findingById(deps.db, id);
  if (!found || found.deletedAt) throw findingNotFound();
  const missionId = found.missionId;
  return asFinding404(() =>
    missionWrite(deps, audit, missionId, { level: 'read' }, async (w) => {
      const row = await findingById(w.tx, id, { forUpdate: true });
      if (!row || row.deletedAt) throw findingNotFound();
      const [visible] = await toFindings(w.tx, [row], w.access.seesHidden);
      if (!visible) throw findingNotFound();
      // Visible (404 first), then the lead role (403).
      if (!w.access.canManage) {
        throw forbidden(
          'Changing a finding needs the lead role in its mission (with mission.manage) or admin.missions',
        );
      }
      return fn(w, row);
    }),
  );
}
