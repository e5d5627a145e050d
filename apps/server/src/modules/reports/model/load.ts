import type { DetectionLevel, MissionRole } from '@metamorph/contract';
import { and, asc, eq, isNull } from 'drizzle-orm';
import {
  clients,
  missionMembers,
  missionTests,
  missions,
  users,
} from '../../../db/schema/index.js';
import type { MissionRow } from '../../../db/schema/index.js';
import { readSettings } from '../../../kernel/settings.js';
import type { DbOrTx } from '../../../platform/tx.js';
import { listDetectionLevels } from '../../execution/index.js';
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
  levels: DetectionLevel[];
  tacticOrder: string[];
  adminPatterns: RedactionPattern[];
}

export async function loadReportSource(
  db: DbOrTx,
  missionId: string,
  opts: { includeHidden: boolean },
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
  return {
    mission: row.mission,
    clientName: row.clientName,
    team: team.map((m) => ({ role: m.role as MissionRole, displayName: m.displayName })),
    data,
    text: new Map(textRows.map(({ id, ...t }) => [id, t])),
    levels: await listDetectionLevels(db),
    tacticOrder: await tacticMatrixOrder(db),
    adminPatterns: settings['reports.redaction_patterns'],
  };
}
