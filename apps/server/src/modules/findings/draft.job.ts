import type { FindingDraftResult, Job } from '@metamorph/contract';
import { and, count, eq, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { missionScenarios, missionTests } from '../../db/schema/index.js';
import { missionWrite } from '../../kernel/mission-write.js';
import type { AuditContext } from '../../platform/audit/audit.js';
import { validationFailed } from '../../platform/errors.js';
import { JobQueue } from '../../platform/jobs/queue.js';
import type { JobHandler } from '../../platform/jobs/types.js';
import { toJobWire } from '../../platform/jobs/wire.js';
import type { DbOrTx } from '../../platform/tx.js';
import { loadMissionResults } from '../results/index.js';
import { draftProposals, type DraftSnapshot } from './draft.js';
import { judgeTests } from './verdict.js';

export const FINDINGS_DRAFT_JOB = 'findings.draft';

const Payload = z.object({ mission_id: z.uuid(), include_hidden: z.boolean() });
type Payload = z.infer<typeof Payload>;

/** Live reviewed tests of the mission the caller may see. */
async function reviewedCount(db: DbOrTx, missionId: string, seesHidden: boolean) {
  const [row] = await db
    .select({ n: count() })
    .from(missionTests)
    .innerJoin(missionScenarios, eq(missionScenarios.id, missionTests.scenarioId))
    .where(
      and(
        eq(missionTests.missionId, missionId),
        eq(missionTests.state, 'reviewed_by_blue'),
        isNull(missionTests.deletedAt),
        isNull(missionScenarios.deletedAt),
        seesHidden ? undefined : eq(missionTests.hiddenFromBlue, false),
      ),
    );
  return row?.n ?? 0;
}

/** Queues the draft (422 when the mission has no reviewed test); the audit commits with it. */
export async function startDraft(
  ctx: AppContext,
  audit: AuditContext,
  missionId: string,
): Promise<Job> {
  const job = await missionWrite(ctx, audit, missionId, { level: 'manage' }, async (w) => {
    if ((await reviewedCount(w.tx, missionId, w.access.seesHidden)) === 0) {
      throw validationFailed([
        {
          path: 'mission',
          message: `mission "${w.access.mission.name}" has no reviewed test to draft findings from`,
        },
      ]);
    }
    const payload: Payload = { mission_id: missionId, include_hidden: w.access.seesHidden };
    const row = await new JobQueue(w.tx, ctx.clock).enqueue(FINDINGS_DRAFT_JOB, payload, {
      maxAttempts: 1,
      createdBy: w.actorId,
    });
    w.audit({ action: 'findings.draft_started', targetType: 'job', targetId: row.id });
    return row;
  });
  ctx.runner.wake();
  return toJobWire(job);
}

/** The job: reads the results once (one snapshot), proposes, creates nothing. */
export function draftJob(ctx: AppContext): JobHandler<Payload> {
  return {
    parse: (p) => Payload.parse(p),
    maxAttempts: 1,
    async run({ payload }): Promise<FindingDraftResult> {
      return ctx.db.transaction(async (tx) => {
        const data = await loadMissionResults(tx, payload.mission_id, {
          includeHidden: payload.include_hidden,
        });
        const judged = judgeTests(data);
        const gaps = judged.filter((t) => t.verdict === 'gap');
        const snapshots = new Map<string, DraftSnapshot>();
        if (gaps.length > 0) {
          const rows = await tx
            .select({
              id: missionTests.id,
              opsecLevel: missionTests.snapshotOpsecLevel,
              expectedBlueMd: missionTests.snapshotExpectedBlueMd,
              detectionRefs: missionTests.snapshotDetectionRefs,
            })
            .from(missionTests)
            .where(
              inArray(
                missionTests.id,
                gaps.map((t) => t.row.id),
              ),
            );
          for (const r of rows) snapshots.set(r.id, r);
        }
        return {
          mission_id: payload.mission_id,
          reviewed: judged.filter((t) => t.verdict !== null).length,
          gaps: gaps.length,
          proposals: draftProposals(judged, snapshots),
        };
      });
    },
  };
}
