import type { DetectionLevel, Finding, MissionCompare, MissionRole } from '@metamorph/contract';
import { and, asc, eq, isNull } from 'drizzle-orm';
import {
  clients,
  missionMembers,
  missionTests,
  missions,
  users,
} from '../../../db/schema/index.js';
import type { MissionRow } from '../../../db/schema/index.js';
import { loadUserRoles } from '../../../kernel/identity.repo.js';
import { readSettings } from '../../../kernel/settings.js';
import type { DbOrTx } from '../../../platform/tx.js';
import { listDetectionLevels } from '../../execution/index.js';
import { compareMissions, listMissionFindings } from '../../findings/index.js';
import { loadMissionResults, tacticMatrixOrder, type ResultsData } from '../../results/index.js';
import type { RedactionPattern } from '@metamorph/contract';

/** The text of a test the results read model leaves out (the report's test detail shows it). */
export interface TestText {
  objective: string | null;
  procedureMd: string | null;
}

/** Everything the report is built from, read in one transaction (one consistent snapshot). */
export interface ReportSource {
  mission: MissionRow;
  clientName: string;
  team: Array<{ role: MissionRole; displayName: string }>;
  /** The reported tests only: live, include_in_report, hidden ones only when asked and allowed. */
  data: ResultsData;
  text: Map<string, TestText>;
  /** Names of every live test (findings may link tests left out of the report). */
  testNames: Map<string, string>;
  /** The mission's live findings, as a reader who sees hidden tests (or not) sees them. */
  findings: Finding[];
  /** A retest mission against its original (null: not a retest, or not asked for / visible). */
  compare: MissionCompare | null;
  levels: DetectionLevel[];
  tacticOrder: string[];
  adminPatterns: RedactionPattern[];
}

export async function loadReportSource(
  db: DbOrTx,
  missionId: string,
  opts: {
    includeHidden: boolean;
    /** Whose report it is, for the retest comparison (null: the server's shell, no user). */
    compareFor?: { userId: string | null } | undefined;
  },
): Promise<ReportSource | null> {
  const [row] = await db
    .select({ mission: missions, clientName: clients.name })
    .from(missions)
    .innerJoin(clients, eq(clients.id, missions.clientId))
    .where(and(eq(missions.id, missionId), isNull(missions.deletedAt)));
  if (!row) return null;
  const team = await db
    .select({ role: missionMembers.role, displayName: users.displayName })
    .from(missionMembers)
    .innerJoin(users, eq(users.id, missionMembers.userId))
    .where(eq(missionMembers.missionId, missionId))
    .orderBy(asc(users.displayName), asc(users.id));
  const all = await loadMissionResults(db, missionId, { includeHidden: opts.includeHidden });
  const data: ResultsData = {
    tests: all.tests.filter((t) => t.includeInReport),
    defenceTools: all.defenceTools,
  };
  const textRows = await db
    .select({
      id: missionTests.id,
      objective: missionTests.snapshotObjective,
      procedureMd: missionTests.snapshotProcedureMd,
    })
    .from(missionTests)
    .where(
      and(
        eq(missionTests.missionId, missionId),
        isNull(missionTests.deletedAt),
        eq(missionTests.includeInReport, true),
      ),
    );
  const settings = await readSettings(db);
  const includeHidden = opts.includeHidden;
  const original = opts.compareFor
    ? await visibleOriginal(db, row.mission, opts.compareFor.userId)
    : null;
  return {
    mission: row.mission,
    clientName: row.clientName,
    team: team.map((m) => ({ role: m.role as MissionRole, displayName: m.displayName })),
    data,
    text: new Map(textRows.map(({ id, ...t }) => [id, t])),
    testNames: new Map(all.tests.map((t) => [t.id, t.name])),
    findings: await listMissionFindings(db, missionId, includeHidden),
    compare: original
      ? await compareMissions(
          db,
          { mission: original, seesHidden: includeHidden },
          { mission: row.mission, seesHidden: includeHidden },
        )
      : null,
    levels: await listDetectionLevels(db),
    tacticOrder: await tacticMatrixOrder(db),
    adminPatterns: settings['reports.redaction_patterns'],
  };
}

/**
 * A retest's original mission when the report's author may see it: live, and the author is a
 * member of it or holds admin.missions (the compare route's rule: members of both). A report
 * asked for from the server's shell (no user) sees it.
 */
async function visibleOriginal(
  db: DbOrTx,
  mission: MissionRow,
  userId: string | null,
): Promise<MissionRow | null> {
  if (!mission.retestOfMissionId) return null;
  const [original] = await db
    .select()
    .from(missions)
    .where(and(eq(missions.id, mission.retestOfMissionId), isNull(missions.deletedAt)));
  if (!original || original.clientId !== mission.clientId) return null;
  if (userId === null) return original;
  const [member] = await db
    .select({ role: missionMembers.role })
    .from(missionMembers)
    .where(and(eq(missionMembers.missionId, original.id), eq(missionMembers.userId, userId)));
  if (member) return original;
  return (await loadUserRoles(db, userId)).permissions.has('admin.missions') ? original : null;
}
