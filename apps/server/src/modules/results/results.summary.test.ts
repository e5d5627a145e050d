import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { loadMissionResults } from './results.repo.js';
import { missionResultsSummary } from './results.summary.js';
import { countingDb, resultsWorld, type ResultsWorld } from './test-results.js';
import { seedResults, type ResultsSeed } from './test-seed.js';

const sorted = (ids: string[]) => [...ids].sort();

describe('results summary', () => {
  let t: TestApp;
  let w: ResultsWorld;
  let a: ResultsSeed['a'];
  let ids: ResultsSeed['ids'];
  beforeAll(async () => {
    t = await createTestApp();
    w = await resultsWorld(t);
    ({ a, ids } = await seedResults(t, w));
  });
  afterAll(() => t.close());

  it("summarizes a mission with the contract's functions, hidden tests as asked", async () => {
    const blue = await missionResultsSummary(t.ctx.db, a.id, { includeHidden: false });
    expect(blue.by_state).toEqual({
      pending: 1,
      executed: 1,
      reviewed_by_blue: 1,
      skipped: 0,
      blocked: 0,
    });
    expect(blue.reviewed).toBe(1);
    expect(blue.outcomes.detection).toEqual({ numerator: 1, denominator: 2, rate: 0.5 });
    expect(blue.outcomes.prevention).toEqual({ numerator: 0, denominator: 2, rate: 0 });
    expect(blue.time_to_detect).toEqual({ count: 1, median: 10, p90: 10, min: 10, max: 10 });
    expect(blue.time_to_alert).toEqual({ count: 1, median: 30, p90: 30, min: 30, max: 30 });
    // Matrix order of the imported release: initial-access, execution, defense-evasion.
    expect(
      blue.by_tactic.tactics.map((x) => [
        x.tactic.external_id,
        x.test_ids,
        x.outcomes.detection.numerator,
        x.outcomes.detection.denominator,
      ]),
    ).toEqual([
      ['TA0001', [ids.t2], 0, 1],
      ['TA0002', sorted([ids.t1!, ids.t2!]), 1, 2],
      ['TA0005', [ids.t3], 0, 0],
    ]);
    expect(blue.by_technique.map((x) => [x.external_id, x.status, x.level?.key ?? null])).toEqual([
      ['T1027', 'untested', null],
      ['T1059.001', 'outcome', 'not_detected'],
      ['T1566.001', 'outcome', 'not_detected'],
    ]);
    const lead = await missionResultsSummary(t.ctx.db, a.id, { includeHidden: true, rule: 'best' });
    expect(lead.outcomes.detection).toEqual({ numerator: 2, denominator: 3, rate: 2 / 3 });
    expect(lead.outcomes.prevention).toEqual({ numerator: 1, denominator: 3, rate: 1 / 3 });
    expect(lead.time_to_detect).toEqual({ count: 2, median: 7.5, p90: 10, min: 5, max: 10 });
    expect(lead.by_technique.map((x) => [x.external_id, x.level?.key ?? null])).toEqual([
      ['T1027', null],
      ['T1059.001', 'alerted'],
      ['T1105', 'prevented'],
      ['T1566.001', 'not_detected'],
    ]);
    const reviewedOnly = await missionResultsSummary(t.ctx.db, a.id, {
      includeHidden: true,
      basis: 'reviewed',
    });
    expect(reviewedOnly.outcomes.detection).toEqual({ numerator: 1, denominator: 1, rate: 1 });
  });

  it('takes the same number of queries for 5 and for 50 tests', async () => {
    const m = await w.newMission('Bulk');
    const fill = async (from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const id = await w.addTest(
          m.id,
          m.scenarioId,
          `Bulk ${i}`,
          i % 2 ? ['T1027'] : ['T1566.001', 'T1059.001'],
        );
        if (i % 3 === 0) {
          await w.ok('lead', 'PUT', `/api/missions/${m.id}/tests/${id}`, {
            tool_results: [
              { defence_tool_id: m.edr, prevented: 'no', alerted: 'yes', logged: 'yes' },
            ],
          });
        }
        if (i % 10 === 0) await w.upload('lead', m.id, id, `n${i}.txt`, Buffer.from(`note ${i}\n`));
      }
    };
    const counter = countingDb(t);
    const measure = async () => {
      counter.reset();
      const data = await loadMissionResults(counter.db, m.id, { includeHidden: true });
      const reads = counter.count();
      counter.reset();
      await missionResultsSummary(counter.db, m.id, { includeHidden: true });
      return { tests: data.tests.length, reads, summary: counter.count() };
    };
    await fill(0, 4); // with the scenario's template test: 5
    const five = await measure();
    await fill(4, 49);
    const fifty = await measure();
    expect([five.tests, fifty.tests]).toEqual([5, 50]);
    expect(five.reads).toBe(5);
    expect(fifty.reads).toBe(five.reads);
    expect(fifty.summary).toBe(five.summary);
    expect(five.summary).toBe(6);
  });
});
