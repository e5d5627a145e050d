import type { AppContext } from '../../context.js';
import type { JobRow } from '../../db/schema/index.js';
import { appendAudit, type AuditContext } from '../../platform/audit/audit.js';
import { requirePermission } from '../../platform/authz.js';
import { JobQueue } from '../../platform/jobs/queue.js';
import { ATTACK_IMPORT_JOB, type AttackImportPayload } from './import.job.js';

/**
 * Queues an import job and records `attack.sync_started` in the same transaction; the
 * worker is woken after the commit.
 */
export async function startAttackSync(
  ctx: AppContext,
  audit: AuditContext,
  payload: AttackImportPayload,
): Promise<JobRow> {
  const actor = requirePermission(audit.actor, 'attack.sync');
  const row = await ctx.db.transaction(async (tx) => {
    const job = await new JobQueue(tx, ctx.clock).enqueue(ATTACK_IMPORT_JOB, payload, {
      maxAttempts: 1,
      createdBy: actor.via === 'cli' ? null : actor.userId,
    });
    await appendAudit(tx, ctx.clock, audit, {
      action: 'attack.sync_started',
      targetId: job.id,
      after: { source: payload.source, url: payload.url ?? null, blob: payload.blob ?? null },
    });
    return job;
  });
  ctx.runner.wake();
  return row;
}
