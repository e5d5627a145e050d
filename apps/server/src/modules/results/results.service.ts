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
import { markCells, openFindings } from '../../kernel/open-findings.js';
import type { Actor } from '../../platform/authz.js';
import { forbidden, notFound, validationFailed } from '../../platform/errors.js';
import { Lru } from '../../platform/lru.js';
import { MissionCache } from '../../kernel/mission-cache.js';
import { buildCoverage, type CoverageInput } from './coverage.js';
import { buildDashboard } from './dashboard.js';
import { matchesFilter, testFacts } from './facts.js';
import { heatmapCells, toLevelInfo } from './heatmap.js';
import { loadClientResults, loadMissionResults } from './results.repo.js';
import { tacticMatrixOrder } from './results.summary.js';
import type { ResultLevelRow } from './results.types.js';
import { findClient, loadLevels, resultsSignature, visibleMissions } from './scope.repo.js';

/**
 * The results a lead, a SOC manager and a client read: the mission dashboard, its heat map,
 * the tests behind any number, and coverage of one client across missions. Reads only; the
 * route guard has checked mission visibility, hidden tests follow `access.seesHidden`.
 */
export class ResultsService {
  /**
   * Derived answers by (kind, mission, change sequence, hidden, options, signature): a write
   * bumps the mission's change sequence and a level or ATT&CK change the signature, so a hit is
   * never stale. Per process; another instance builds its own.
   */
  private readonly cache = new MissionCache<unknown>(256);
  private readonly shared = new Lru<{ levels: ResultLevelRow[]; tacticOrder: string[] }>(4);
  private readonly coverageCache = new Lru<Coverage>(64);

  constructor(private readonly ctx: AppContext) {}

  private load(access: MissionAccess) {
    return loadMissionResults(this.ctx.db, access.mission.id, {
      includeHidden: access.seesHidden,
    });
  }

  /** Levels and tactic order, cached by the signature. */
  private async basics(sig: string) {
    const hit = this.shared.get(sig);
    if (hit) return hit;
    const value = {
      levels: await loadLevels(this.ctx.db),
      tacticOrder: await tacticMatrixOrder(this.ctx.db),
    };
    this.shared.set(sig, value);
    return value;
  }

  /** A derived answer of the mission, cached by its change sequence (see `cache`). */
  async memo<T>(
    access: MissionAccess,
    parts: readonly string[],
    build: () => Promise<T>,
  ): Promise<T> {
    return this.cached(access, parts, build);
  }

  private async cached<T>(
    access: MissionAccess,
    parts: readonly string[],
    build: (basics: { levels: ResultLevelRow[]; tacticOrder: string[] }) => Promise<T>,
  ): Promise<T> {
    const sig = await resultsSignature(this.ctx.db);
    const value = await this.cache.get(access, [sig, ...parts], async () =>
      build(await this.basics(sig)),
    );
    return value as T;
  }

  async dashboard(access: MissionAccess, basis: OutcomeBasis): Promise<MissionDashboard> {
    const { db } = this.ctx;
    const m = access.mission;
    // The client's name is read each time (a rename does not touch the mission).
    const [client] = await db
      .select({ name: clients.name })
      .from(clients)
      .where(eq(clients.id, m.clientId));
    const d = await this.cached(access, ['dashboard', basis], async ({ levels, tacticOrder }) =>
      buildDashboard({
        mission: {
          id: m.id,
          name: m.name,
          client_id: m.clientId,
          client_name: null,
          start_date: m.startDate,
          end_date: m.endDate,
        },
        changeSeq: m.changeSeq,
        data: await this.load(access),
        levels: levels.map(toLevelInfo),
        basis,
        tacticOrder,
      }),
    );
    return {
      ...d,
      mission: {
        ...d.mission,
        name: m.name,
        start_date: m.startDate,
        end_date: m.endDate,
        client_name: client?.name ?? null,
      },
    };
  }

  async heatmap(access: MissionAccess, rule: AggregateRule, basis: OutcomeBasis): Promise<Heatmap> {
    return this.cached(access, ['heatmap', rule, basis], async ({ levels }) => {
      const m = access.mission;
      const open = await openFindings(this.ctx.db, [
        { id: m.id, name: m.name, seesHidden: access.seesHidden },
      ]);
      return {
        rule,
        basis,
        levels: levels.map(toLevelInfo),
        cells: markCells(
          heatmapCells(testFacts(await this.load(access), basis), rule, basis),
          open,
        ),
        open_findings: open,
      };
    });
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
    const built = await this.coverageScope(actor, q, true);
    if ('cached' in built) return built.cached;
    const value = buildCoverage(built);
    if (built.key) this.coverageCache.set(built.key, value);
    return value;
  }

  /**
   * The missions, tests and levels a coverage answer (or its layer) is built from. With
   * `useCache`, a coverage answer cached for the same missions at the same change sequences
   * (and hidden views, query and signature) is returned instead of reading the tests.
   */
  async coverageScope(actor: Actor, q: CoverageQuery): Promise<CoverageInput>;
  async coverageScope(
    actor: Actor,
    q: CoverageQuery,
    useCache: true,
  ): Promise<(CoverageInput & { key?: string }) | { cached: Coverage }>;
  async coverageScope(
    actor: Actor,
    q: CoverageQuery,
    useCache = false,
  ): Promise<(CoverageInput & { key?: string }) | { cached: Coverage }> {
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
    let key: string | undefined;
    if (useCache) {
      const sig = await resultsSignature(db);
      key = [
        sig,
        JSON.stringify(q),
        client?.name ?? '',
        ...missions.map((m) => `${m.id}:${m.changeSeq}:${m.seesHidden}:${m.name}:${m.date}`),
      ].join('|');
      const hit = this.coverageCache.get(key);
      if (hit) return { cached: hit };
    }
    const levels = await loadLevels(db);
    const ids = missions.map((m) => m.id);
    const data =
      ids.length === 0
        ? { tests: [], defenceTools: [] }
        : await loadClientResults(db, client?.id ?? null, {
            missionIds: ids,
            includeHidden: missions.filter((m) => m.seesHidden).map((m) => m.id),
          });
    const open = await openFindings(db, missions);
    return {
      client,
      missions,
      data,
      levels,
      query: q,
      openFindings: open,
      ...(key ? { key } : {}),
    };
  }
}
