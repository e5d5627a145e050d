import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { toResultTests } from './results.mapper.js';
import { loadClientResults, loadMissionResults } from './results.repo.js';
import { resultsWorld, type ResultsWorld } from './test-results.js';
import { at, seedResults, type ResultsSeed } from './test-seed.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('results read model', () => {
  let t: TestApp;
  let w: ResultsWorld;
  let a: ResultsSeed['a'];
  let b: ResultsSeed['b'];
  let ids: ResultsSeed['ids'];
  let seed: ResultsSeed;
  beforeAll(async () => {
    t = await createTestApp();
    w = await resultsWorld(t);
    seed = await seedResults(t, w);
    ({ a, b, ids } = seed);
  });
  afterAll(() => t.close());

  it('reads the tests with tags, state, level, times, tool results and live evidence', async () => {
    const data = await loadMissionResults(t.ctx.db, a.id, { includeHidden: false });
    expect(data.tests.map((x) => x.id)).toEqual([ids.t1, ids.t2, ids.t3]);
    const [t1, t2, t3] = data.tests;
    expect(t1).toMatchObject({
      missionId: a.id,
      scenarioId: a.scenarioId,
      scenarioName: 'Day 1',
      name: 'Encoded PowerShell',
      state: 'reviewed_by_blue',
      hiddenFromBlue: false,
      executedAt: new Date(at('10:02:00')),
      attackStartedAt: new Date(at('10:00:00')),
      attackEndedAt: null,
      detectionLevel: {
        key: 'alerted',
        rank: 2,
        countsAs: 'alerted',
        coverageScore: expect.any(Number),
      },
    });
    expect(t1!.attack).toEqual([
      {
        kind: 'subtechnique',
        externalId: 'T1059.001',
        name: 'PowerShell',
        url: expect.any(String),
        attackRelease: '1.0',
        tactics: [{ external_id: 'TA0002', shortname: 'execution', name: 'Execution' }],
      },
    ]);
    expect(
      t1!.toolResults.map((r) => [
        r.toolName,
        r.layer,
        r.prevented,
        r.alerted,
        r.logged,
        r.ruleName,
        r.detectedAt?.toISOString(),
      ]),
    ).toEqual([
      ['CrowdStrike', 'edr', 'no', 'yes', 'yes', 'LSASS access', '2026-03-01T10:00:30.000Z'],
      ['Splunk', 'siem', 'no', 'no', 'yes', null, '2026-03-01T10:00:10.000Z'],
    ]);
    expect(t1!.evidence).toEqual([
      {
        id: seed.evidenceId,
        side: 'blue',
        sha256: sha(seed.alertTxt),
        ext: '.txt',
        mime: 'text/plain',
        sizeBytes: seed.alertTxt.length,
        caption: 'EDR alert',
        originalFilename: 'alert.txt',
        uploadedAt: expect.any(Date),
      },
    ]);
    expect(t2!.attack.map((x) => [x.externalId, x.tactics.map((y) => y.shortname)])).toEqual([
      ['T1566.001', ['initial-access']],
      ['T1059.001', ['execution']],
    ]);
    expect(t2!.detectionLevel?.key).toBe('not_detected');
    expect(t3).toMatchObject({
      state: 'pending',
      detectionLevel: null,
      executedAt: null,
      toolResults: [],
      evidence: [],
    });
    expect(data.defenceTools.map((d) => [d.name, d.layer])).toEqual([
      ['CrowdStrike', 'edr'],
      ['Splunk', 'siem'],
    ]);
  });

  it('includes hidden tests only when asked; never deleted tests or deleted scenarios', async () => {
    const all = await loadMissionResults(t.ctx.db, a.id, { includeHidden: true });
    expect(all.tests.map((x) => x.id)).toEqual([ids.t1, ids.t2, ids.t3, ids.t4]);
    expect(all.tests[3]).toMatchObject({
      hiddenFromBlue: true,
      detectionLevel: { key: 'prevented' },
    });
    for (const gone of [ids.t5, ids.t6]) expect(all.tests.some((x) => x.id === gone)).toBe(false);
  });

  it('maps rows to the contract inputs, unrecorded tools as TBD', async () => {
    const inputs = toResultTests(
      await loadMissionResults(t.ctx.db, a.id, { includeHidden: false }),
    );
    expect(inputs[0]).toEqual({
      id: ids.t1,
      state: 'reviewed_by_blue',
      level: expect.objectContaining({ key: 'alerted', rank: 2, counts_as: 'alerted' }),
      executed_at: '2026-03-01T10:02:00.000Z',
      attack_started_at: '2026-03-01T10:00:00.000Z',
      tools: [
        { prevented: 'no', alerted: 'yes', logged: 'yes', detected_at: '2026-03-01T10:00:30.000Z' },
        { prevented: 'no', alerted: 'no', logged: 'yes', detected_at: '2026-03-01T10:00:10.000Z' },
      ],
      tags: [
        {
          kind: 'subtechnique',
          external_id: 'T1059.001',
          name: 'PowerShell',
          tactics: [expect.objectContaining({ external_id: 'TA0002' })],
        },
      ],
    });
    expect(inputs[2]?.tools).toEqual([
      { prevented: 'tbd', alerted: 'tbd', logged: 'tbd', detected_at: null },
      { prevented: 'tbd', alerted: 'tbd', logged: 'tbd', detected_at: null },
    ]);
  });

  it('reads every live mission of a client, hidden tests per mission, restricted to given missions', async () => {
    const visible = await loadClientResults(t.ctx.db, w.clientId, { includeHidden: false });
    expect(visible.tests.map((x) => x.id)).toEqual([ids.t1, ids.t2, ids.t3, ids.b1]);
    expect(visible.defenceTools.map((d) => d.missionId)).toEqual([a.id, a.id, b.id, b.id]);
    const perMission = await loadClientResults(t.ctx.db, w.clientId, { includeHidden: [a.id] });
    expect(perMission.tests.map((x) => x.id)).toEqual([ids.t1, ids.t2, ids.t3, ids.t4, ids.b1]);
    const onlyB = await loadClientResults(t.ctx.db, w.clientId, {
      includeHidden: true,
      missionIds: [b.id],
    });
    expect(onlyB.tests.map((x) => x.id)).toEqual([ids.b1, ids.b2]);
    expect(onlyB.tests[0]?.toolResults.map((r) => r.toolName)).toEqual(['Splunk']);
    // A soft-deleted mission drops out of both reads.
    const c = await w.newMission('Cancelled');
    await w.ok('lead', 'DELETE', `/api/missions/${c.id}`);
    const after = await loadClientResults(t.ctx.db, w.clientId, { includeHidden: true });
    expect(after.tests.some((x) => x.missionId === c.id)).toBe(false);
    expect(after.defenceTools.some((d) => d.missionId === c.id)).toBe(false);
    expect((await loadMissionResults(t.ctx.db, c.id, { includeHidden: true })).tests).toEqual([]);
    expect(
      (
        await loadClientResults(t.ctx.db, '00000000-0000-4000-8000-000000000000', {
          includeHidden: true,
        })
      ).tests,
    ).toEqual([]);
  });
});
