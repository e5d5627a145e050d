import { appendAudit, type AuditContext, type AuditEntry } from '../../platform/audit/audit.js';
import { accountId } from '../../platform/authz.js';
import type { Clock } from '../../platform/clock.js';
import type { DbOrTx } from '../../platform/tx.js';
import { recordChange } from '../../kernel/changes.js';

/**
 * Audits a change to a mission's plan, members, assets or settings and tells live viewers
 * (`plan.changed`: clients refetch the plan; streams re-check membership and visibility).
 */
export async function auditPlanChange(
  tx: DbOrTx,
  clock: Clock,
  audit: AuditContext,
  entry: AuditEntry & { missionId: string },
): Promise<void> {
  await recordChange(tx, clock, {
    missionId: entry.missionId,
    kind: 'plan.changed',
    actorId: accountId(audit.actor),
  });
  // The chained audit row last: its global lock is held for the shortest time.
  await appendAudit(tx, clock, audit, entry);
}
