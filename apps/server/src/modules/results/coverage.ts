import {
  achieved,
  outcomeBreakdown,
  type Coverage,
  type CoverageChange,
  type CoverageMission,
  type CoverageQuery,
  type DefenceLayer,
  type HeatmapFinding,
} from '@metamorph/contract';
import { markCells } from '../../kernel/open-findings.js';
import { coverageCells, toLevelInfo } from './heatmap.js';
import { testFacts, type TestFacts } from './facts.js';
import type { ScopedMission } from './scope.repo.js';
import type { ResultLevelRow, ResultTestRow, ResultsData } from './results.types.js';

/** Tests kept by the coverage filters (library tags, platforms). */
export function filterTests(
  data: ResultsData,
  q: Pick<CoverageQuery, 'tags' | 'platforms'>,
): ResultsData {
  const tags = q.tags?.map((t) => t.toLowerCase());
  const platforms = q.platforms?.map((p) => p.toLowerCase());
  const keep = (t: ResultTestRow) =>
    (!tags?.length || t.libraryTags.some((x) => tags.includes(x.toLowerCase()))) &&
    (!platforms?.length || t.platforms.some((x) => platforms.includes(x.toLowerCase())));
  return { ...data, tests: data.tests.filter(keep) };
}

/**
 * Judge by one defence layer: each test's level becomes the highest-ranked level whose
 * counts_as is what the layer's tools achieved (none while a fact is TBD); tests whose
 * mission has no tool of the layer are left out.
 */
export function judgeByLayer(
  data: ResultsData,
  layer: DefenceLayer,
  levels: readonly ResultLevelRow[],
): ResultsData {
  const tools = data.defenceTools.filter((d) => d.layer === layer);
  const byCounts = new Map<string, ResultLevelRow>();
  for (const l of [...levels].sort((a, b) => a.rank - b.rank)) byCounts.set(l.countsAs, l);
  const tests = data.tests.flatMap((t) => {
    const mine = tools.filter((d) => d.missionId === t.missionId);
    if (mine.length === 0) return [];
    const facts = mine.map((d) => {
      const r = t.toolResults.find((x) => x.defenceToolId === d.id);
      return r ?? { prevented: 'tbd' as const, alerted: 'tbd' as const, logged: 'tbd' as const };
    });
    const got = achieved(facts);
    return [{ ...t, detectionLevel: got ? (byCounts.get(got) ?? null) : null }];
  });
  return { tests, defenceTools: tools };
}

type Judged = CoverageChange['before'];

/** Per key, the worst outcome in each mission that has one (missions oldest first). */
function judgedSeries(
  facts: readonly TestFacts[],
  keysOf: (f: TestFacts) => string[],
  missions: readonly ScopedMission[],
): Map<string, Judged[]> {
  const out = new Map<string, Judged[]>();
  for (const m of missions) {
    const perKey = new Map<string, TestFacts[]>();
    for (const f of facts) {
      if (f.row.missionId !== m.id || !['none', 'logged', 'alerted', 'prevented'].includes(f.cls))
        continue;
      for (const k of keysOf(f)) perKey.set(k, [...(perKey.get(k) ?? []), f]);
    }
    for (const [k, tests] of perKey) {
      const worst = tests.reduce((a, b) =>
        b.row.detectionLevel!.rank < a.row.detectionLevel!.rank ? b : a,
      );
      const series = out.get(k) ?? [];
      series.push({
        mission_id: m.id,
        mission_name: m.name,
        date: m.date,
        level: toLevelInfo(worst.row.detectionLevel!),
        test_ids: tests.map((t) => t.row.id),
      });
      out.set(k, series);
    }
  }
  return out;
}

/** Consecutive judged missions of a key whose level rank went down (regression) or up. */
export function coverageChanges(
  facts: readonly TestFacts[],
  missions: readonly ScopedMission[],
): { regressions: CoverageChange[]; improvements: CoverageChange[] } {
  const regressions: CoverageChange[] = [];
  const improvements: CoverageChange[] = [];
  const names = new Map<string, string | null>();
  for (const f of facts) {
    for (const a of f.row.attack) if (a.kind !== 'tactic') names.set(a.externalId, a.name);
    if (f.row.templateKey) names.set(f.row.templateKey, f.row.name);
  }
  const walk = (kind: CoverageChange['kind'], series: Map<string, Judged[]>) => {
    for (const [key, list] of [...series.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      for (let i = 1; i < list.length; i++) {
        const before = list[i - 1]!;
        const after = list[i]!;
        const change = { kind, key, name: names.get(key) ?? null, before, after };
        if (after.level.rank < before.level.rank) regressions.push(change);
        if (after.level.rank > before.level.rank) improvements.push(change);
      }
    }
  };
  walk(
    'technique',
    judgedSeries(
      facts,
      (f) => [...new Set(f.row.attack.filter((a) => a.kind !== 'tactic').map((a) => a.externalId))],
      missions,
    ),
  );
  walk(
    'template',
    judgedSeries(facts, (f) => (f.row.templateKey ? [f.row.templateKey] : []), missions),
  );
  return { regressions, improvements };
}

/** Changes never compare one client's missions with another's. */
function changesPerClient(facts: readonly TestFacts[], missions: readonly ScopedMission[]) {
  const out = { regressions: [] as CoverageChange[], improvements: [] as CoverageChange[] };
  for (const clientId of new Set(missions.map((m) => m.clientId))) {
    const mine = missions.filter((m) => m.clientId === clientId);
    const ids = new Set(mine.map((m) => m.id));
    const c = coverageChanges(
      facts.filter((f) => ids.has(f.row.missionId)),
      mine,
    );
    out.regressions.push(...c.regressions);
    out.improvements.push(...c.improvements);
  }
  return out;
}

export interface CoverageInput {
  client: Coverage['client'];
  missions: readonly ScopedMission[];
  data: ResultsData;
  levels: readonly ResultLevelRow[];
  query: CoverageQuery;
  /** Open findings of the missions the caller sees (kernel openFindings); none when absent. */
  openFindings?: readonly HeatmapFinding[];
}

/** Heat map, trend and changes of a client's missions (already scoped and filtered by date). */
export function buildCoverage(input: CoverageInput): Coverage {
  const { query: q, levels } = input;
  let data = filterTests(input.data, q);
  if (q.layer) data = judgeByLayer(data, q.layer, levels);
  const facts = testFacts(data, q.basis);
  const order = input.missions.map((m) => m.id);
  const trend: CoverageMission[] = input.missions.map((m) => {
    const mine = facts.filter((f) => f.row.missionId === m.id).map((f) => f.result);
    const o = outcomeBreakdown(mine, { basis: q.basis });
    return {
      id: m.id,
      name: m.name,
      client_id: m.clientId,
      client_name: m.clientName,
      date: m.date,
      tests: mine.length,
      with_outcome: o.detection.denominator,
      detection_rate: o.detection.rate,
      prevention_rate: o.prevention.rate,
      visibility_rate: o.logged_only.rate,
    };
  });
  return {
    client: input.client,
    rule: q.rule,
    basis: q.basis,
    layer: q.layer ?? null,
    levels: levels.map(toLevelInfo),
    missions: trend,
    cells: markCells(coverageCells(facts, q.rule, q.basis, order), input.openFindings ?? []),
    open_findings: [...(input.openFindings ?? [])],
    ...changesPerClient(facts, input.missions),
  };
}
