import { MissionScenario } from '@metamorph/contract';
import type { TestApp } from '../../../test/harness.js';
import type { ResultsWorld } from './test-results.js';

/**
 * A mission where every dashboard number is known ("Dashboard day", tools CrowdStrike = EDR and
 * Splunk = SIEM; T = attack start of each run):
 * - d1 T1059.001 reviewed, alerted (EDR alert+log at T+30 s, SIEM log at T+10 s)
 * - e1 T1105 (template expecting EDR alert, SIEM log) reviewed, prevented (EDR all yes at T+5 s,
 *   SIEM log at T+20 s): better than expected
 * - e2 T1105 (same template) reviewed, logged (EDR log, SIEM log): not met; executed after e1
 * - d2 T1027 reviewed, not detected (all no), gap no_rule
 * - d3 T1566.001 reviewed, EDR alerted but blue chose logged (override), gap rule_not_fired
 * - d4 T1204 executed, logged by SIEM, not reviewed (EDR unrecorded)
 * - d5 T1027 skipped · d6 T1105 blocked · d7 T1059.001 pending
 * - h1 T1027 hidden from blue, reviewed, prevented (EDR prevent at T+8 s), executed after d2
 */
export type DashIds = Record<
  'd1' | 'e1' | 'e2' | 'd2' | 'd3' | 'd4' | 'd5' | 'd6' | 'd7' | 'h1',
  string
>;

export async function seedDashboard(t: TestApp, w: ResultsWorld) {
  const m = await w.newMission('Dashboard day');
  const u = (p: string) => `/api/missions/${m.id}${p}`;
  const ids: Partial<DashIds> = {};
  const plan = await w.ok('lead', 'GET', u('/plan'));
  ids.d1 = plan.json<{
    scenarios: Array<{ tests: Array<{ id: string }> }>;
  }>().scenarios[0]!.tests[0]!.id;
  const tpl = (
    await w.ok('admin', 'POST', '/api/library/tests', {
      name: 'Ingress tool transfer',
      attack_ids: ['T1105'],
      expected_outcomes: [
        { layer: 'edr', expectation: 'alert' },
        { layer: 'siem', expectation: 'log' },
      ],
    })
  ).json<{ id: string }>();
  const expect2 = MissionScenario.parse(
    (
      await w.ok('lead', 'POST', u('/scenarios'), {
        test_template_ids: [tpl.id, tpl.id],
        name: 'Expectations',
      })
    ).json(),
  );
  const [e1, e2] = expect2.tests.map((x) => x.id);
  if (!e1 || !e2) throw new Error('the expectation scenario has two tests');
  ids.e1 = e1;
  ids.e2 = e2;
  ids.d2 = await w.addTest(m.id, m.scenarioId, 'Obfuscated script', ['T1027']);
  ids.d3 = await w.addTest(m.id, m.scenarioId, 'Spearphishing attachment', ['T1566.001']);
  ids.d4 = await w.addTest(m.id, m.scenarioId, 'User execution', ['T1204']);
  ids.d5 = await w.addTest(m.id, m.scenarioId, 'Packed payload', ['T1027']);
  ids.d6 = await w.addTest(m.id, m.scenarioId, 'Download cradle', ['T1105']);
  ids.d7 = await w.addTest(m.id, m.scenarioId, 'PowerShell profile', ['T1059.001']);
  ids.h1 = await w.addTest(m.id, m.scenarioId, 'Hidden packer', ['T1027']);
  await w.ok('lead', 'PATCH', u(`/tests/${ids.h1}/plan`), { hidden_from_blue: true });

  // Runs a minute or more apart, from the fake clock's now (sessions stay valid).
  const base = t.clock.now().getTime() + 60_000;
  const at = (min: number, s = 0) => new Date(base + (min * 60 + s) * 1000).toISOString();
  const none = { prevented: 'no', alerted: 'no', logged: 'no' };
  const run = async (
    id: string,
    min: number,
    tools: { edr?: object; siem?: object },
    level: string,
    extra: Record<string, unknown> = {},
    review = true,
  ) => {
    const who = id === ids.h1 ? 'lead' : undefined;
    t.clock.set(at(min, 40));
    await w.ok(who ?? 'red', 'PUT', u(`/tests/${id}`), { attack_started_at: at(min) });
    await w.ok(who ?? 'red', 'POST', u(`/tests/${id}/transition`), { state: 'executed' });
    const toolResults = [
      ...(tools.edr ? [{ defence_tool_id: m.edr, ...tools.edr }] : []),
      ...(tools.siem ? [{ defence_tool_id: m.siem, ...tools.siem }] : []),
    ];
    await w.ok(who ?? 'blue', 'PUT', u(`/tests/${id}`), {
      tool_results: toolResults,
      detection_level_id: w.levelId(level),
      ...extra,
    });
    if (review)
      await w.ok(who ?? 'blue', 'POST', u(`/tests/${id}/transition`), {
        state: 'reviewed_by_blue',
      });
  };
  const yes = (f: string[], detectedAt?: string) => ({
    prevented: f.includes('p') ? 'yes' : 'no',
    alerted: f.includes('a') ? 'yes' : 'no',
    logged: f.includes('l') ? 'yes' : 'no',
    ...(detectedAt ? { detected_at: detectedAt } : {}),
  });
  await run(ids.d1, 0, { edr: yes(['a', 'l'], at(0, 30)), siem: yes(['l'], at(0, 10)) }, 'alerted');
  await run(
    ids.e1,
    2,
    { edr: yes(['p', 'a', 'l'], at(2, 5)), siem: yes(['l'], at(2, 20)) },
    'prevented',
  );
  await run(ids.e2, 4, { edr: yes(['l']), siem: yes(['l']) }, 'logged');
  await run(ids.d2, 6, { edr: none, siem: none }, 'not_detected', { gap_reason: 'no_rule' });
  await run(ids.d3, 8, { edr: yes(['a']), siem: none }, 'logged', {
    gap_reason: 'rule_not_fired',
    outcome_override_reason: 'Alert closed as benign by the SOC',
  });
  await run(ids.d4, 10, { siem: yes(['l']) }, 'logged', {}, false);
  await run(ids.h1, 12, { edr: yes(['p'], at(12, 8)), siem: none }, 'prevented');
  await w.ok('red', 'POST', u(`/tests/${ids.d5}/transition`), {
    state: 'skipped',
    reason: 'out of scope',
  });
  await w.ok('blue', 'POST', u(`/tests/${ids.d6}/transition`), {
    state: 'blocked',
    reason: 'proxy down',
  });
  return { m, ids: ids as DashIds };
}
