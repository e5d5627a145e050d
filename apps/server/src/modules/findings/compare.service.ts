import {
  aggregateByTactic,
  detectionRate,
  type MissionCompare,
  type ResultTest,
} from '@metamorph/contract';
import { eq } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { missionTests } from '../../db/schema/index.js';
import { missionAccess, type MissionAccess } from '../../kernel/mission-access.js';
import type { AuditContext } from '../../platform/audit/audit.js';
import { validationFailed } from '../../platform/errors.js';
import { inTx, type DbOrTx } from '../../platform/tx.js';
import { loadMissionResults, tacticMatrixOrder, toResultTest } from '../results/index.js';
import { findingRows, toFindings } from './findings.repo.js';
import { judgeTests, type JudgedTest } from './verdict.js';

type Row = MissionCompare['tests'][number];
const side = (j: JudgedTest) => ({
  test_id: j.row.id,
  name: j.row.name,
  state: j.row.state,
  level_key: j.row.detectionLevel?.key ?? null,
  verdict: j.verdict,
});

function change(before: JudgedTest | null, after: JudgedTest | null): Row['change'] {
  if (!before) return 'added';
  if (!after) return 'dropped';
  if (!before.verdict || !after.verdict) return 'pending';
  if (before.verdict === after.verdict) return 'unchanged';
  return after.verdict === 'pass' ? 'improved' : 'regressed';
}

/** A retest's original comes first; otherwise the older mission (then the smaller id). */
function aIsBefore(a: MissionAccess, b: MissionAccess): boolean {
  if (b.mission.retestOfMissionId === a.mission.id) return true;
  if (a.mission.retestOfMissionId === b.mission.id) return false;
  const d = a.mission.createdAt.getTime() - b.mission.createdAt.getTime();
  return d !== 0 ? d < 0 : a.mission.id < b.mission.id;
}

/** A mission as compare reads it: the row, and whether its hidden tests are shown. */
export type CompareSide = Pick<MissionAccess, 'mission' | 'seesHidden'>;

/**
 * Before / after of two missions of one client (a retest's original, else the older, is "before"): tests matched by the
 * retest link first, then by template key (each test once, plan order); detection rates
 * (contract detectionRate, reviewed basis) over the matched pairs, overall and per tactic in
 * matrix order; the older mission's findings and how many a retest closed.
 */
export class CompareService {
  constructor(private readonly ctx: AppContext) {}

  async compare(audit: AuditContext, id: string, otherId: string): Promise<MissionCompare> {
    const a = await missionAccess(this.ctx.db, audit.actor, id);
    const b = await missionAccess(this.ctx.db, audit.actor, otherId);
    if (id === otherId) {
      throw validationFailed([{ path: 'params.otherId', message: 'must be another mission' }]);
    }
    if (a.mission.clientId !== b.mission.clientId) {
      throw validationFailed([
        { path: 'params.otherId', message: `mission ${otherId} belongs to another client` },
      ]);
    }
    const [before, after] = aIsBefore(a, b) ? [a, b] : [b, a];
    return inTx(this.ctx.db, (tx) => CompareService.build(tx, before, after));
  }

  static async build(tx: DbOrTx, before: CompareSide, after: CompareSide): Promise<MissionCompare> {
    const load = (m: CompareSide) =>
      loadMissionResults(tx, m.mission.id, { includeHidden: m.seesHidden });
    const [dataB, dataA] = [await load(before), await load(after)];
    const jb = judgeTests(dataB);
    const ja = judgeTests(dataA);
    const links = new Map(
      (
        await tx
          .select({ id: missionTests.id, of: missionTests.retestOfTestId })
          .from(missionTests)
          .where(eq(missionTests.missionId, after.mission.id))
      ).map((r) => [r.id, r.of]),
    );
    const free = new Map(jb.map((j) => [j.row.id, j]));
    const rows: Row[] = [];
    const pairs: Array<[JudgedTest, JudgedTest]> = [];
    for (const t of ja) {
      const of = links.get(t.row.id);
      const byLink = of ? free.get(of) : undefined;
      const byKey = byLink
        ? undefined
        : t.row.templateKey
          ? [...free.values()].find((x) => x.row.templateKey === t.row.templateKey)
          : undefined;
      const match = byLink ?? byKey;
      if (match) {
        free.delete(match.row.id);
        pairs.push([match, t]);
      }
      rows.push({
        template_key: t.row.templateKey,
        matched_by: byLink ? 'retest' : byKey ? 'template_key' : null,
        before: match ? side(match) : null,
        after: side(t),
        change: change(match ?? null, t),
      });
    }
    for (const j of free.values()) {
      rows.push({
        template_key: j.row.templateKey,
        matched_by: null,
        before: side(j),
        after: null,
        change: 'dropped',
      });
    }
    const pb: ResultTest[] = pairs.map(([x]) => toResultTest(x.row, dataB.defenceTools));
    const pa: ResultTest[] = pairs.map(([, y]) => toResultTest(y.row, dataA.defenceTools));
    const order = await tacticMatrixOrder(tx);
    const tb = aggregateByTactic(pb, { basis: 'reviewed', order }).tactics;
    const ta = aggregateByTactic(pa, { basis: 'reviewed', order }).tactics;
    const ids = [...new Set([...tb, ...ta].map((t) => t.tactic.external_id))].sort(
      (x, y) => (order.indexOf(x) + 1 || 1e9) - (order.indexOf(y) + 1 || 1e9),
    );
    const empty = { numerator: 0, denominator: 0, rate: null };
    const found = await toFindings(tx, await findingRows(tx, before.mission.id), before.seesHidden);
    const iso = (m: CompareSide) => ({
      id: m.mission.id,
      name: m.mission.name,
      created_at: m.mission.createdAt.toISOString(),
    });
    return {
      before: iso(before),
      after: iso(after),
      tests: rows,
      detection: {
        before: detectionRate(pb, { basis: 'reviewed' }),
        after: detectionRate(pa, { basis: 'reviewed' }),
      },
      tactics: ids.map((tid) => {
        const x = tb.find((t) => t.tactic.external_id === tid);
        const y = ta.find((t) => t.tactic.external_id === tid);
        return {
          external_id: tid,
          name: (x ?? y)?.tactic.name ?? null,
          before: x?.outcomes.detection ?? empty,
          after: y?.outcomes.detection ?? empty,
        };
      }),
      findings: {
        total: found.length,
        closed: found.filter((f) => f.status === 'retest_passed').length,
        items: found.map((f) => ({
          id: f.id,
          title: f.title,
          severity: f.severity,
          status: f.status,
        })),
      },
    };
  }
}

/**
 * The compare of two missions whose visibility the caller has settled (the report job: a
 * retest's report shows it against its original), `before` and `after` as given.
 */
export const compareMissions = (
  tx: DbOrTx,
  before: CompareSide,
  after: CompareSide,
): Promise<MissionCompare> => CompareService.build(tx, before, after);
