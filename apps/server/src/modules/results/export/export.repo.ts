import { asc, eq, inArray } from 'drizzle-orm';
import { clients, missionAssets, users } from '../../../db/schema/index.js';
import type { MissionAccess } from '../../../kernel/mission-access.js';
import type { DbOrTx } from '../../../platform/tx.js';
import { loadMissionResults } from '../results.repo.js';
import type { DefenceToolRow, ResultTestRow } from '../results.types.js';

export interface ExportUser {
  id: string;
  email: string;
  displayName: string;
}

/** Everything one export file is written from, read in one transaction. */
export interface ExportData {
  mission: { id: string; name: string; client: { id: string; name: string } };
  exportedAt: Date;
  /** The mission's defence tools in asset order (one column group / entry each). */
  defenceTools: DefenceToolRow[];
  /** By scenario position, then test position; hidden tests only for callers who see them. */
  tests: ResultTestRow[];
  /** Names of the mission's assets (sources, targets, red tools, defence tools) by id. */
  assetNames: ReadonlyMap<string, string>;
  /** The assignees of the tests, by id. */
  users: ReadonlyMap<string, ExportUser>;
}

/**
 * Reads a mission's export through the results read model, plus the asset names and assignees
 * it only carries ids of. The caller has passed the mission guard (`access`).
 */
export async function loadExportData(
  db: DbOrTx,
  access: MissionAccess,
  exportedAt: Date,
): Promise<ExportData> {
  const m = access.mission;
  const results = await loadMissionResults(db, m.id, { includeHidden: access.seesHidden });
  const [client] = await db
    .select({ id: clients.id, name: clients.name })
    .from(clients)
    .where(eq(clients.id, m.clientId));
  const assets = await db
    .select({
      id: missionAssets.id,
      missionId: missionAssets.missionId,
      kind: missionAssets.kind,
      name: missionAssets.name,
      layer: missionAssets.layer,
    })
    .from(missionAssets)
    .where(eq(missionAssets.missionId, m.id))
    .orderBy(asc(missionAssets.position), asc(missionAssets.name), asc(missionAssets.id));
  const assigneeIds = [
    ...new Set(results.tests.flatMap((t) => (t.assigneeId ? [t.assigneeId] : []))),
  ];
  const people =
    assigneeIds.length === 0
      ? []
      : await db
          .select({ id: users.id, email: users.email, displayName: users.displayName })
          .from(users)
          .where(inArray(users.id, assigneeIds));
  return {
    mission: { id: m.id, name: m.name, client: client ?? { id: m.clientId, name: '' } },
    exportedAt,
    defenceTools: defenceToolsOf(results.defenceTools, assets),
    tests: results.tests,
    assetNames: new Map(assets.map((a) => [a.id, a.name])),
    users: new Map(people.map((u) => [u.id, u])),
  };
}

/**
 * The read model lists no tools for a mission without visible tests; the columns must not
 * depend on that, so the asset rows (read in the same order) stand in then.
 */
function defenceToolsOf(fromResults: DefenceToolRow[], assets: AssetRow[]): DefenceToolRow[] {
  if (fromResults.length > 0) return fromResults;
  return assets
    .filter((a) => a.kind === 'defence_tool')
    .map(({ id, missionId, name, layer }) => ({
      id,
      missionId,
      name,
      layer: layer as DefenceToolRow['layer'],
    }));
}

interface AssetRow {
  id: string;
  missionId: string;
  kind: string;
  name: string;
  layer: string | null;
}
