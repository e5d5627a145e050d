import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { missionTests } from '../../db/schema/index.js';
import { appendAudit, type AuditContext } from '../../platform/audit/audit.js';
import { accountId } from '../../platform/authz.js';
import { forbidden } from '../../platform/errors.js';
import type { Tx } from '../../platform/tx.js';
import { missionAccess, type MissionAccess } from '../../kernel/mission-access.js';
import { recordTestChanges } from '../../kernel/changes.js';
import { testAccess } from '../../kernel/mission-test-access.js';

function requireRevealer(access: MissionAccess): void {
  if (!access.sides.red && !access.canManage) {
    throw forbidden('Revealing tests to blue needs a red role in this mission or its lead');
  }
}

/** Blind missions: red (or the lead) reveals hidden tests to blue, one or all at once. */
export class RevealService {
  constructor(private readonly ctx: AppContext) {}

  async revealOne(audit: AuditContext, missionId: string, testId: string): Promise<number> {
    return this.ctx.db.transaction(async (tx) => {
      const access = await testAccess(tx, audit.actor, missionId, testId, { forUpdate: true });
      requireRevealer(access);
      return this.reveal(
        tx,
        audit,
        access,
        [testId].filter(() => access.test.hiddenFromBlue),
      );
    });
  }

  async revealAll(audit: AuditContext, missionId: string): Promise<number> {
    return this.ctx.db.transaction(async (tx) => {
      const access = await missionAccess(tx, audit.actor, missionId, { forUpdate: true });
      requireRevealer(access);
      const hidden = await tx
        .select({ id: missionTests.id })
        .from(missionTests)
        .where(
          and(
            eq(missionTests.missionId, missionId),
            eq(missionTests.hiddenFromBlue, true),
            isNull(missionTests.deletedAt),
          ),
        );
      return this.reveal(
        tx,
        audit,
        access,
        hidden.map((h) => h.id),
      );
    });
  }

  private async reveal(
    tx: Tx,
    audit: AuditContext,
    access: MissionAccess,
    ids: string[],
  ): Promise<number> {
    if (ids.length === 0) return 0;
    const missionId = access.mission.id;
    for (let i = 0; i < ids.length; i += 1000) {
      const chunk = ids.slice(i, i + 1000);
      await tx
        .update(missionTests)
        .set({ hiddenFromBlue: false })
        .where(inArray(missionTests.id, chunk));
    }
    await recordTestChanges(tx, this.ctx.clock, {
      missionId,
      kind: 'test.revealed',
      testIds: ids,
      actorId: accountId(audit.actor),
    });
    // The chained audit row last: its global lock is held for the shortest time.
    await appendAudit(tx, this.ctx.clock, audit, {
      action: 'test.revealed',
      targetType: ids.length === 1 ? 'mission_test' : 'mission',
      targetId: ids.length === 1 ? ids[0]! : missionId,
      missionId,
      before: { hidden_from_blue: true },
      after: { hidden_from_blue: false, test_ids: ids },
    });
    return ids.length;
  }
}
