import {
  compareExpectation,
  overallExpectation,
  type ExpectedOutcome,
  type ToolFacts,
} from '@metamorph/contract';
import { eq } from 'drizzle-orm';
import { missionTestToolResults } from '../../db/schema/index.js';
import type { DbOrTx } from '../../platform/tx.js';
import { defenceTools } from '../execution/index.js';

type Status = ReturnType<typeof overallExpectation>;

/**
 * Expected vs actual for every test of a mission in two queries (its defence tools and all
 * its recorded results): the status the plan lists and counts.
 */
export async function expectationStatuses(
  db: DbOrTx,
  missionId: string,
  tests: ReadonlyArray<{ id: string; expectedOutcomes: ExpectedOutcome[] }>,
): Promise<Map<string, Status>> {
  const out = new Map<string, Status>();
  if (!tests.some((t) => t.expectedOutcomes.length > 0)) return out;
  const tools = await defenceTools(db, missionId);
  const rows = await db
    .select({
      testId: missionTestToolResults.testId,
      toolId: missionTestToolResults.defenceToolId,
      prevented: missionTestToolResults.prevented,
      alerted: missionTestToolResults.alerted,
      logged: missionTestToolResults.logged,
    })
    .from(missionTestToolResults)
    .where(eq(missionTestToolResults.missionId, missionId));
  const facts = new Map(rows.map((r) => [`${r.testId}:${r.toolId}`, r as unknown as ToolFacts]));
  const tbd: ToolFacts = { prevented: 'tbd', alerted: 'tbd', logged: 'tbd' };
  for (const t of tests) {
    if (t.expectedOutcomes.length === 0) continue;
    const statuses = t.expectedOutcomes.map(
      (e) =>
        compareExpectation(
          e.expectation,
          tools.filter((x) => x.layer === e.layer).map((x) => facts.get(`${t.id}:${x.id}`) ?? tbd),
        ).status,
    );
    out.set(t.id, overallExpectation(statuses));
  }
  return out;
}
