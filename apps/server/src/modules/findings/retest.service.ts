import { ErrorCode, type RetestRequest, type RetestResult } from '@metamorph/contract';
import { asc, eq, inArray } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { findingRetestTests, missionScenarios, missionTests } from '../../db/schema/index.js';
import { missionWrite } from '../../kernel/mission-write.js';
import type { AuditContext } from '../../platform/audit/audit.js';
import { requirePermission } from '../../platform/authz.js';
import { DomainError, validationFailed } from '../../platform/errors.js';
import { createRetestMission } from '../missions/index.js';
import { findingRows, toFindings } from './findings.repo.js';

/**
 * `POST /api/missions/:id/retest`: a linked mission (missions.retest_of_mission_id) for the
 * same client with the tests behind the findings, each new test linked to the original
 * (mission_tests.retest_of_test_id) and to its findings (finding_retest_tests). All in the
 * original mission's write: bad input is refused before anything is created.
 */
export class RetestService {
  constructor(private readonly ctx: AppContext) {}

  async create(audit: AuditContext, missionId: string, body: RetestRequest): Promise<RetestResult> {
    return missionWrite(this.ctx, audit, missionId, { level: 'manage' }, async (w) => {
      requirePermission(audit.actor, 'mission.create');
      const ids = [...new Set(body.finding_ids)];
      const visible = await toFindings(
        w.tx,
        await findingRows(w.tx, missionId, ids),
        w.access.seesHidden,
      );
      const found = new Set(visible.map((f) => f.id));
      const foreign = ids.filter((id) => !found.has(id));
      if (foreign.length > 0) {
        throw validationFailed([
          {
            path: 'body.finding_ids',
            message: `are not findings of this mission: ${foreign.join(', ')}`,
          },
        ]);
      }
      const untested = visible.filter((f) => f.test_ids.length === 0).map((f) => f.id);
      if (untested.length > 0) {
        throw validationFailed([
          {
            path: 'body.finding_ids',
            message: `have no linked test to retest: ${untested.join(', ')}`,
          },
        ]);
      }
      const passed = visible.filter((f) => f.status === 'retest_passed').map((f) => f.id);
      if (passed.length > 0) {
        throw new DomainError(
          ErrorCode.Conflict,
          `Findings already retest_passed cannot be retested: ${passed.join(', ')}`,
          { context: { finding_ids: passed } },
        );
      }
      // The tests behind the findings, each once, in plan order.
      const rows = await w.tx
        .select({ test: missionTests })
        .from(missionTests)
        .innerJoin(missionScenarios, eq(missionScenarios.id, missionTests.scenarioId))
        .where(inArray(missionTests.id, [...new Set(visible.flatMap((f) => f.test_ids))]))
        .orderBy(asc(missionScenarios.position), asc(missionTests.position), asc(missionTests.id));
      const testIds = rows.map((r) => r.test.id);
      const name = body.name ?? `${w.access.mission.name} — retest`.slice(0, 300);
      const copy = await createRetestMission(w.tx, {
        source: w.access.mission,
        name,
        leadUserId: w.actorId,
        tests: rows.map((r) => r.test),
        now: w.now,
      });
      const newOf = new Map(copy.tests.map((t) => [t.retestOfTestId, t.id]));
      const links = visible.flatMap((f) =>
        f.test_ids.map((old) => ({ findingId: f.id, testId: newOf.get(old)! })),
      );
      await w.tx.insert(findingRetestTests).values(links);
      const created = await w.alsoMission(copy.missionId);
      created.audit({
        action: 'mission.created',
        targetType: 'mission',
        targetId: copy.missionId,
        after: {
          name,
          client_id: w.access.mission.clientId,
          retest_of: missionId,
          tests: testIds.length,
        },
      });
      for (const f of visible) await w.change('finding.changed', { findingId: f.id });
      w.audit({
        action: 'mission.retest_created',
        targetType: 'mission',
        targetId: missionId,
        after: { retest_mission_id: copy.missionId, finding_ids: ids, tests: testIds.length },
      });
      return {
        mission_id: copy.missionId,
        retest_of_mission_id: missionId,
        name,
        tests: copy.tests.map((t) => ({
          test_id: t.id,
          retest_of_test_id: t.retestOfTestId,
          source: t.source,
          finding_ids: links.filter((l) => l.testId === t.id).map((l) => l.findingId),
        })),
      };
    });
  }
}
