import type {
  AggregateRule,
  Coverage,
  CoverageQuery,
  Heatmap,
  MissionDashboard,
  OutcomeBasis,
  ResultFilter,
  ResultTestList,
} from '@metamorph/contract';
import { eq } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { clients } from '../../db/schema/index.js';
import type { MissionAccess } from '../../kernel/mission-access.js';
import type { Actor } from '../../platform/authz.js';
import { forbidden, notFound, validationFailed } from '../../platform/errors.js';
import { buildCoverage } from './coverage.js';
import { buildDashboard } from './dashboard.js';
import { matchesFilter, testFacts } from './facts.js';
import { heatmapCells, toLevelInfo } from './heatmap.js';
import { loadClientResults, loadMissionResults } from './results.repo.js';
import { tacticMatrixOrder } from './results.summary.js';
import { findClient, loadLevels, visibleMissions } from './scope.repo.js';

/**
 * The results a lead, a SOC manager and a client read: the mission dashboard, its heat map,
 * the tests behind any number, and coverage of one client across missions. Reads only; the
 * route guard has checked mission visibility, hidden tests follow `access.seesHidden`.
 */
export class ResultsService {
  constructor(private readonly ctx: AppContext) {}

  private load(access: MissionAccess) {
    return loadMissionResults(this.ctx.db, access.mission.id, {
      includeHidden: access.seesHidden,
    });
  }

  async dashboard(access: MissionAccess, basis: OutcomeBasis): Promise<MissionDashboard> {
    const { db } = this.ctx;
    const m = access.mission;
    const [client] = await db
      .select({ name: clients.name })
      .from(clients)
      .where(eq(clients.id, m.clientId));
    const data = await this.load(access);
    const levels = (await loadLevels(db)).map(toLevelInfo);
    return buildDashboard({
      mission: {
        id: m.id,
        name: m.name,
        client_id: m.clientId,
        client_name: client?.name ?? null,
        start_date: m.startDate,
        end_date: m.endDate,
      },
      changeSeq: m.changeSeq,
      data,
      levels,
      basis,
      tacticOrder: await tacticMatrixOrder(db),
    });
  }

  async heatmap(access: MissionAccess, rule: AggregateRule, basis: OutcomeBasis): Promise<Heatmap> {
    const data = await this.load(access);
    const levels = (await loadLevels(this.ctx.db)).map(toLevelInfo);
    return { rule, basis, levels, cells: heatmapCells(testFacts(data, basis), rule, basis) };
  }

  async tests(access: MissionAccess, filter: ResultFilter): Promise<ResultTestList> {
    const facts = testFacts(await this.load(access), filter.basis);
    return {
      filter,
      items: facts
        .filter((f) => matchesFilter(f, filter))
        .map(({ row }) => ({
          id: row.id,
          name: row.name,
          scenario_name: row.scenarioName,
          state: row.state,
          level: row.detectionLevel ? toLevelInfo(row.detectionLevel) : null,
          technique_ids: row.attack.filter((a) => a.kind !== 'tactic').map((a) => a.externalId),
          executed_at: row.executedAt?.toISOString() ?? null,
        })),
    };
  }

  /**
   * Coverage is always scoped: one client (`client_id`), or every client only when an
   * admin.missions holder asks for it explicitly. A client the caller cannot see is 404.
   */
  async coverage(actor: Actor, q: CoverageQuery): Promise<Coverage> {
    const { db } = this.ctx;
    const all = q.all_clients === 'true';
    if (all && q.client_id) {
      throw validationFailed([
        { path: 'all_clients', message: 'give either client_id or all_clients=true, not both' },
      ]);
    }
    if (!all && !q.client_id) {
      throw validationFailed([{ path: 'client_id', message: 'is required (one client)' }]);
    }
    if (all && !actor.permissions.has('admin.missions')) {
      throw forbidden('All clients at once needs admin.missions');
    }
    const client = q.client_id ? await findClient(db, q.client_id) : null;
    let missions = await visibleMissions(db, actor, client?.id ?? null);
    if (q.client_id) {
      const seesClients =
        actor.permissions.has('admin.missions') || actor.permissions.has('mission.create');
      if (!client || (missions.length === 0 && !seesClients)) throw notFound('Client');
    }
    if (q.mission_ids) {
      const wanted = new Set(q.mission_ids);
      missions = missions.filter((m) => wanted.has(m.id));
    }
    if (q.from) missions = missions.filter((m) => m.date >= q.from!);
    if (q.to) missions = missions.filter((m) => m.date <= q.to!);
    const levels = await loadLevels(db);
    const ids = missions.map((m) => m.id);
    const data =
      ids.length === 0
        ? { tests: [], defenceTools: [] }
        : await loadClientResults(db, client?.id ?? null, {
            missionIds: ids,
            includeHidden: missions.filter((m) => m.seesHidden).map((m) => m.id),
          });
    return buildCoverage({ client, missions, data, levels, query: q });
  }
}
