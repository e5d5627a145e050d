import { MissionPlan } from '@metamorph/contract';
import { login, type Headers } from '../../../../test/auth-helpers.js';
import { createUser } from '../../../../test/factories.js';
import type { TestApp } from '../../../../test/harness.js';
import { resultsWorld, type ResultsWorld } from '../test-results.js';

export const INJECTION = "=cmd|' /C calc'!A0";
export const MISSION_NAME = 'Été 2026 / Q1 "final"';
export const at = (s: string) => `2026-12-07T${s}Z`;

export interface ExportWorld {
  w: ResultsWorld;
  missionId: string;
  edr: string;
  siem: string;
  /** The test with every field filled in (scenario Day 2). */
  fullId: string;
  /** The template test of Day 1, pending. */
  pendingId: string;
  hiddenId: string;
  /** purple_lead globally (report.export), blue in the mission: does not see hidden tests. */
  blueExporter: Headers;
  blueExporterEmail: string;
  /** purple_lead globally, not a member of the mission. */
  outsider: Headers;
}

/**
 * The export fixture, through the HTTP API: mission "Été 2026 / Q1 "final"" with CrowdStrike
 * (edr) and Splunk (siem), a source, a target and a red tool; Day 1 holds the pending template
 * test and a hidden one; Day 2 a template test with expected outcomes and every red and blue
 * field filled in (the red command a formula), CrowdStrike recorded, Splunk left TBD.
 */
export async function exportWorld(t: TestApp): Promise<ExportWorld> {
  t.clock.set(at('09:00:00'));
  const w = await resultsWorld(t);
  const m = await w.newMission(MISSION_NAME);
  const u = (p: string) => `/api/missions/${m.id}${p}`;
  const asset = async (kind: string, name: string) =>
    (await w.ok('lead', 'POST', u('/assets'), { kind, name })).json<{ id: string }>().id;
  const source = await asset('source', 'WS-042');
  const target = await asset('target', '@DC01');
  const redTool = await asset('red_tool', 'Cobalt Strike');

  const blueUser = await createUser(t, { roleKeys: ['purple_lead'] });
  await w.ok('lead', 'POST', u('/members'), { user_id: blueUser.id, role: 'blue' });
  const blueExporter = await login(t, blueUser.email, blueUser.password);
  const out = await createUser(t, { roleKeys: ['purple_lead'] });
  const outsider = await login(t, out.email, out.password);

  const plan = MissionPlan.parse((await w.ok('lead', 'GET', u('/plan'))).json());
  const pendingId = plan.scenarios[0]!.tests[0]!.id;
  const hiddenId = await w.addTest(m.id, m.scenarioId, 'Secret exfiltration', ['T1041']);
  await w.ok('lead', 'PATCH', u(`/tests/${hiddenId}/plan`), { hidden_from_blue: true });

  const tpl = (
    await w.ok('admin', 'POST', '/api/library/tests', {
      key: 'lsass-dump',
      name: 'LSASS dump',
      attack_ids: ['T1059.001', 'T1027'],
      platforms: ['Windows', 'Windows Server'],
      tags: ['credential', 'noisy'],
      expected_outcomes: [
        { layer: 'edr', expectation: 'alert' },
        { layer: 'siem', expectation: 'log' },
      ],
    })
  ).json<{ id: string }>();
  const day2 = (
    await w.ok('lead', 'POST', u('/scenarios'), { test_template_ids: [tpl.id], name: 'Day 2' })
  ).json<{ tests: Array<{ id: string }> }>();
  const fullId = day2.tests[0]!.id;
  await w.ok('lead', 'PATCH', u(`/tests/${fullId}/plan`), {
    assignee_id: blueUser.id,
    planned_on: '2026-12-08',
  });

  t.clock.set(at('10:05:00'));
  await w.ok('red', 'PUT', u(`/tests/${fullId}`), {
    red_command: INJECTION,
    red_output: '+OK done\r\nline 2',
    red_comment_md: 'Ran "as planned", twice',
    attack_started_at: at('10:00:00'),
    attack_ended_at: at('10:03:00'),
    source_asset_id: source,
    target_asset_id: target,
    account_used: 'CORP\\svc_backup',
    red_tool_id: redTool,
    execution_result: 'succeeded',
    cleanup_done: true,
    artefacts_md: '-rf /tmp/dump.bin',
  });
  await w.ok('red', 'POST', u(`/tests/${fullId}/transition`), { state: 'executed' });
  await w.ok('red', 'PUT', u(`/tests/${fullId}`), {
    executed_at: at('10:01:00'),
    executed_at_overridden: true,
  });
  await w.ok('blue', 'PUT', u(`/tests/${fullId}`), {
    blue_comment_md: '@here alert triaged',
    tool_results: [
      {
        defence_tool_id: m.edr,
        prevented: 'no',
        alerted: 'yes',
        logged: 'yes',
        rule_name: 'Credential dumping',
        rule_id: 'CS-1001',
        severity: 'high',
        case_id: 'INC-7',
        detected_at: at('10:00:30'),
        note: 'fast',
      },
    ],
    detection_level_id: w.levelId('logged'),
    outcome_override_reason: 'The alert went to the wrong queue',
    hunt_query: 'process.name:rundll32.exe',
    log_sources: 'Sysmon; Security',
    gap_reason: 'rule_not_fired',
  });
  await w.upload('blue', m.id, fullId, 'alert.txt', Buffer.from('alert\n'), 'EDR alert');
  t.clock.set(at('10:30:00'));
  return {
    w,
    missionId: m.id,
    edr: m.edr,
    siem: m.siem,
    fullId,
    pendingId,
    hiddenId,
    blueExporter,
    blueExporterEmail: blueUser.email,
    outsider,
  };
}
