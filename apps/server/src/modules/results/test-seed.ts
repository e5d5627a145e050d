import { expect } from 'vitest';
import type { TestApp } from '../../../test/harness.js';
import type { ResultsWorld } from './test-results.js';

/**
 * The results fixture, built through the HTTP API. Mission a ("Q1 exercise", scenario Day 1):
 * t1 reviewed (EDR alerted 30 s, SIEM logged 10 s after the attack start; level alerted; one
 * live evidence file and one deleted), t2 executed and not detected, t3 pending, t4 hidden from
 * blue and prevented (5 s), t5 executed then deleted, t6 in a deleted scenario. Mission b
 * ("Q2 exercise", created a minute later): b1 executed and logged, b2 hidden and pending.
 */

export const at = (s: string) => `2026-03-01T${s}Z`;
type Mission = Awaited<ReturnType<ResultsWorld['newMission']>>;
export interface ResultsSeed {
  a: Mission;
  b: Mission;
  ids: Record<'t1' | 't2' | 't3' | 't4' | 't5' | 't6' | 'b1' | 'b2', string>;
  evidenceId: string;
  alertTxt: Buffer;
}

export async function seedResults(t: TestApp, w: ResultsWorld): Promise<ResultsSeed> {
  const ids: Record<string, string> = {};
  const alertTxt = Buffer.from('10:00:30 CrowdStrike: LSASS access by powershell.exe\n');
  let evidenceId = '';
  const a = await newMissionWithTests();
  t.clock.advance(60_000); // missions are listed by creation time
  const b = await w.newMission('Q2 exercise');
  await recordFacts();
  return { a, b, ids: ids as ResultsSeed['ids'], evidenceId, alertTxt };

  async function newMissionWithTests() {
    const m = await w.newMission('Q1 exercise');
    const plan = await w.ok('lead', 'GET', `/api/missions/${m.id}/plan`);
    ids.t1 = plan.json<{
      scenarios: Array<{ tests: Array<{ id: string }> }>;
    }>().scenarios[0]!.tests[0]!.id;
    ids.t2 = await w.addTest(m.id, m.scenarioId, 'Phish then PowerShell', [
      'T1566.001',
      'T1059.001',
    ]);
    ids.t3 = await w.addTest(m.id, m.scenarioId, 'Obfuscate', ['T1027']);
    ids.t4 = await w.addTest(m.id, m.scenarioId, 'Hidden transfer', ['T1105']);
    ids.t5 = await w.addTest(m.id, m.scenarioId, 'Deleted', ['T1027']);
    return m;
  }

  async function recordFacts() {
    const u = (p: string) => `/api/missions/${a.id}${p}`;
    const move = (who: 'red' | 'blue' | 'lead', id: string, state: string) =>
      w.ok(who, 'POST', u(`/tests/${id}/transition`), { state });
    // t1: red's attack window and execution, blue's per-tool facts, level, review, evidence.
    t.clock.set(at('10:02:00'));
    await w.ok('red', 'PUT', u(`/tests/${ids.t1}`), {
      attack_started_at: at('10:00:00'),
      red_command: 'powershell -enc SQBFAFgA',
    });
    await move('red', ids.t1!, 'executed');
    await w.ok('blue', 'PUT', u(`/tests/${ids.t1}`), {
      tool_results: [
        {
          defence_tool_id: a.edr,
          prevented: 'no',
          alerted: 'yes',
          logged: 'yes',
          rule_name: 'LSASS access',
          severity: 'high',
          detected_at: at('10:00:30'),
        },
        {
          defence_tool_id: a.siem,
          prevented: 'no',
          alerted: 'no',
          logged: 'yes',
          detected_at: at('10:00:10'),
        },
      ],
      detection_level_id: w.levelId('alerted'),
    });
    await move('blue', ids.t1!, 'reviewed_by_blue');
    evidenceId = (await w.upload('blue', a.id, ids.t1!, 'alert.txt', alertTxt, 'EDR alert')).id;
    const extra = await w.upload('blue', a.id, ids.t1!, 'extra.json', Buffer.from('{"a":1}'));
    await w.ok('blue', 'DELETE', `/api/evidence/${extra.id}`);
    // t2: executed, nothing seen.
    t.clock.set(at('10:10:00'));
    await move('red', ids.t2!, 'executed');
    const none = { prevented: 'no', alerted: 'no', logged: 'no' };
    await w.ok('blue', 'PUT', u(`/tests/${ids.t2}`), {
      tool_results: [
        { defence_tool_id: a.edr, ...none },
        { defence_tool_id: a.siem, ...none },
      ],
      detection_level_id: w.levelId('not_detected'),
    });
    // t4: hidden from blue; the lead records both sides.
    await w.ok('lead', 'PATCH', u(`/tests/${ids.t4}/plan`), { hidden_from_blue: true });
    expect((await w.req('blue', 'GET', u(`/tests/${ids.t4}`))).statusCode).toBe(404);
    await w.ok('lead', 'PUT', u(`/tests/${ids.t4}`), { attack_started_at: at('10:20:00') });
    await move('lead', ids.t4!, 'executed');
    await w.ok('lead', 'PUT', u(`/tests/${ids.t4}`), {
      tool_results: [
        {
          defence_tool_id: a.edr,
          prevented: 'yes',
          alerted: 'no',
          logged: 'no',
          detected_at: at('10:20:05'),
        },
        { defence_tool_id: a.siem, ...none },
      ],
      detection_level_id: w.levelId('prevented'),
    });
    // t5: executed, then soft-deleted; a second scenario, soft-deleted with its test.
    await move('red', ids.t5!, 'executed');
    await w.ok('lead', 'DELETE', u(`/tests/${ids.t5}`));
    const gone = await w.ok('lead', 'POST', u('/scenarios'), {
      test_template_ids: [await templateId()],
      name: 'Dropped',
    });
    const dropped = gone.json<{ id: string; tests: Array<{ id: string }> }>();
    ids.t6 = dropped.tests[0]!.id;
    await w.ok('lead', 'DELETE', u(`/scenarios/${dropped.id}`));
    // Mission b: one visible test with an outcome, one hidden.
    const planB = await w.ok('lead', 'GET', `/api/missions/${b.id}/plan`);
    ids.b1 = planB.json<{
      scenarios: Array<{ tests: Array<{ id: string }> }>;
    }>().scenarios[0]!.tests[0]!.id;
    ids.b2 = await w.addTest(b.id, b.scenarioId, 'B hidden', ['T1204']);
    await w.ok('lead', 'PATCH', `/api/missions/${b.id}/tests/${ids.b2}/plan`, {
      hidden_from_blue: true,
    });
    await w.ok('red', 'POST', `/api/missions/${b.id}/tests/${ids.b1}/transition`, {
      state: 'executed',
    });
    await w.ok('blue', 'PUT', `/api/missions/${b.id}/tests/${ids.b1}`, {
      tool_results: [{ defence_tool_id: b.siem, prevented: 'no', alerted: 'no', logged: 'yes' }],
      detection_level_id: w.levelId('logged'),
    });
  }

  async function templateId() {
    const res = await w.ok('admin', 'GET', '/api/library/tests');
    return res.json<{ items: Array<{ id: string }> }>().items[0]!.id;
  }
}
