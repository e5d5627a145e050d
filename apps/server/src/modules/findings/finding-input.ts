import type { FieldIssue, FindingCreate, FindingUpdate } from '@metamorph/contract';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { findings } from '../../db/schema/index.js';
import { missionMembers, missionScenarios, missionTests } from '../../db/schema/index.js';
import type { DbOrTx } from '../../platform/tx.js';

type Fields = Partial<Pick<FindingCreate, 'test_ids' | 'owner_user_id' | 'owner_name'>>;

/**
 * What the body names that the mission must hold: linked tests are live tests of this mission
 * the caller may see (a test of another mission, deleted or hidden from the caller is named
 * in the 422), the owner is a member; an owner is a member or a name, not both. `prefix` is
 * the body path (`body` or `body.proposals.3`).
 */
export async function inputIssues(
  db: DbOrTx,
  missionId: string,
  seesHidden: boolean,
  body: Fields,
  prefix = 'body',
  current?: { ownerUserId: string | null; ownerName: string | null },
): Promise<FieldIssue[]> {
  const issues: FieldIssue[] = [];
  const ids = body.test_ids ?? [];
  if (ids.length > 0) {
    const rows = await db
      .select({ id: missionTests.id, hidden: missionTests.hiddenFromBlue })
      .from(missionTests)
      .innerJoin(missionScenarios, eq(missionScenarios.id, missionTests.scenarioId))
      .where(
        and(
          inArray(missionTests.id, [...new Set(ids)]),
          eq(missionTests.missionId, missionId),
          isNull(missionTests.deletedAt),
          isNull(missionScenarios.deletedAt),
        ),
      );
    const ok = new Set(rows.filter((r) => seesHidden || !r.hidden).map((r) => r.id));
    const foreign = ids.filter((id) => !ok.has(id));
    if (foreign.length > 0) {
      issues.push({
        path: `${prefix}.test_ids`,
        message: `are not tests of this mission: ${[...new Set(foreign)].join(', ')}`,
      });
    }
  }
  const owner = body.owner_user_id === undefined ? current?.ownerUserId : body.owner_user_id;
  const name = body.owner_name === undefined ? current?.ownerName : body.owner_name;
  if (owner && name) {
    issues.push({
      path: `${prefix}.owner_name`,
      message: 'give either owner_user_id (a member) or owner_name, not both',
    });
  }
  if (body.owner_user_id) {
    const [m] = await db
      .select({ userId: missionMembers.userId })
      .from(missionMembers)
      .where(
        and(eq(missionMembers.missionId, missionId), eq(missionMembers.userId, body.owner_user_id)),
      );
    if (!m) {
      issues.push({
        path: `${prefix}.owner_user_id`,
        message: `${body.owner_user_id} is not a member of this mission`,
      });
    }
  }
  return issues;
}

/** The finding columns a create or patch sets (wire → row names, in one place). */
export function findingColumns(
  body: Omit<FindingUpdate, 'version' | 'status' | 'test_ids'>,
): Partial<typeof findings.$inferInsert> {
  const set: Record<string, unknown> = {};
  const map = {
    title: 'title',
    severity: 'severity',
    description_md: 'descriptionMd',
    recommendation_md: 'recommendationMd',
    gap_reason: 'gapReason',
    sigma_rule: 'sigmaRule',
    siem_query: 'siemQuery',
    ticket_url: 'ticketUrl',
    owner_user_id: 'ownerUserId',
    owner_name: 'ownerName',
    due_on: 'dueOn',
    status_reason: 'statusReason',
  } as const;
  for (const [wire, col] of Object.entries(map) as Array<[keyof typeof map, string]>) {
    if (body[wire] !== undefined) set[col] = body[wire];
  }
  return set as Partial<typeof findings.$inferInsert>;
}
