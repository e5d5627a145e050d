import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { missionTests } from '../../db/schema/index.js';
import type { AuditContext } from '../../platform/audit/audit.js';
import { forbidden } from '../../platform/errors.js';
import type { MissionAccess } from '../../kernel/mission-access.js';
import { missionWrite, type MissionWrite } from '../../kernel/mission-write.js';
import { canReveal } from './rules.js';

function requireRevealer(access: MissionAccess): void {
  if (!canReveal(access)) {
    throw forbidden('Revealing tests to blue needs a red role in this mission or its lead');
  }
}

/** Blind missions: red (or the lead) reveals hidden tests to blue, one or all at once. */
export class RevealService {
  constructor(private readonly ctx: AppContext) {}

  async revealOne(audit: AuditContext, missionId: string, testId: string): Promise<number> {
    return missionWrite(this.ctx, audit, missionId, { level: 'write' }, async (w) => {
      const access = await w.lockTest(testId);
      requireRevealer(access);
      return this.reveal(w, access.test.hiddenFromBlue ? [testId] : []);
    });
  }

  async revealAll(audit: AuditContext, missionId: string): Promise<number> {
    return missionWrite(this.ctx, audit, missionId, { level: 'write' }, async (w) => {
      requireRevealer(w.access);
      const hidden = await w.tx
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
        w,
        hidden.map((h) => h.id),
      );
    });
  }

  /** The mission row is held, so the tests need no locks of their own (one flag flips). */
  private async reveal(w: MissionWrite, ids: string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const missionId = w.access.mission.id;
    for (let i = 0; i < ids.length; i += 1000) {
      const chunk = ids.slice(i, i + 1000);
      await w.tx
        .update(missionTests)
        .set({ hiddenFromBlue: false })
        .where(inArray(missionTests.id, chunk));
    }
    await w.changeTests('test.revealed', ids);
    w.audit({
      action: 'test.revealed',
      targetType: ids.length === 1 ? 'mission_test' : 'mission',
      targetId: ids.length === 1 ? ids[0]! : missionId,
      before: { hidden_from_blue: true },
      after: { hidden_from_blue: false, test_ids: ids },
    });
    return ids.length;
  }
}
