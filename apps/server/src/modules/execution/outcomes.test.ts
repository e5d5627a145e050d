import type { DetectionLevel } from '@metamorph/contract';
import {
  DetectionLevelList,
  ErrorBody,
  MissionPlan,
  MissionScenario,
  MissionTestDetail,
} from '@metamorph/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { createTemplate } from '../library/test-library.js';
import { executionFixture, type ExecutionFixture } from './test-execution.js';

describe('outcomes: per-tool results, suggestion and override, expected vs actual', () => {
  let t: TestApp;
  let f: ExecutionFixture;
  let edr: string;
  let siem: string;
  let testId: string;
  let levels: DetectionLevel[];
  beforeAll(async () => {
    t = await createTestApp();
    f = await executionFixture(t);
    const asset = async (name: string, layer: string) => {
      const res = await f.req('lead', 'POST', f.url('/assets'), {
        kind: 'defence_tool',
        name,
        layer,
      });
      expect(res.statusCode, res.body).toBe(201);
      return (res.json() as { id: string }).id;
    };
    edr = await asset('CrowdStrike', 'edr');
    siem = await asset('Splunk', 'siem');
    const tpl = await createTemplate(t, f.h.admin, {
      name: 'With expectations',
      expected_outcomes: [
        { layer: 'edr', expectation: 'alert' },
        { layer: 'siem', expectation: 'log' },
        { layer: 'email_gateway', expectation: 'prevent' },
      ],
    });
    const added = await f.req('lead', 'POST', f.url('/scenarios'), {
      test_template_ids: [tpl.id],
      name: 'Outcomes',
    });
    testId = MissionScenario.parse(added.json()).tests[0]!.id;
    levels = DetectionLevelList.parse(
      (await f.req('blue', 'GET', '/api/detection-levels')).json(),
    ).items;
  });
  afterAll(() => t.close());
  const put = (who: 'blue' | 'red' | 'purple', body: unknown) =>
    f.req(who, 'PUT', f.url(`/tests/${testId}`), body);
  const levelId = (key: string) => levels.find((l) => l.key === key)!.id;

  it('lists every defence tool, TBD until recorded; no suggestion yet', async () => {
    const d = await f.detail(testId, 'blue');
    expect(d.tool_results.map((r) => [r.tool_name, r.layer, r.prevented, r.recorded])).toEqual([
      ['CrowdStrike', 'edr', 'tbd', false],
      ['Splunk', 'siem', 'tbd', false],
    ]);
    expect(d.suggested_outcome).toMatchObject({ status: 'pending', detection_level_id: null });
    expect(d.expected_vs_actual.map((e) => e.status)).toEqual(['pending', 'pending', 'no_tool']);
    expect(d.expectation_status).toBe('pending');
  });

  it('records facts blue-side only, upserting by tool; pending while any tool is TBD', async () => {
    expect(
      (await put('red', { tool_results: [{ defence_tool_id: edr, alerted: 'yes' }] })).statusCode,
    ).toBe(403);
    const res = await put('blue', {
      tool_results: [
        {
          defence_tool_id: edr,
          prevented: 'no',
          alerted: 'yes',
          logged: 'yes',
          rule_name: 'LSASS access',
          severity: 'high',
          detected_at: '2026-11-29T10:00:30Z',
        },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    let d = MissionTestDetail.parse(res.json());
    expect(d.tool_results[0]).toMatchObject({
      alerted: 'yes',
      rule_name: 'LSASS access',
      recorded: true,
    });
    expect(d.suggested_outcome.status).toBe('pending');
    d = MissionTestDetail.parse(
      (
        await put('blue', {
          tool_results: [
            {
              defence_tool_id: siem,
              prevented: 'no',
              alerted: 'no',
              logged: 'yes',
              detected_at: '2026-11-29T10:00:10Z',
            },
          ],
        })
      ).json(),
    );
    expect(d.tool_results[0]?.rule_name).toBe('LSASS access');
    expect(d.suggested_outcome).toMatchObject({
      status: 'suggested',
      detection_level_key: 'alerted',
      overridden: false,
    });
    expect(d.expected_vs_actual.map((e) => [e.layer, e.actual, e.status])).toEqual([
      ['edr', 'alerted', 'met'],
      ['siem', 'logged', 'met'],
      ['email_gateway', null, 'no_tool'],
    ]);
    expect(d.expectation_status).toBe('met');
    // The plan lists the status of each test (and counts come from it).
    const plan = MissionPlan.parse((await f.req('blue', 'GET', f.url('/plan'))).json());
    const row = plan.scenarios.flatMap((s) => s.tests).find((x) => x.id === testId);
    expect(row?.expectation_status).toBe('met');
  });

  it('derives time to detect and to alert from the attack window', async () => {
    await put('red', { attack_started_at: '2026-11-29T10:00:00Z' });
    const d = await f.detail(testId);
    expect(d.time_to_detect_s).toBe(10);
    expect(d.time_to_alert_s).toBe(30);
  });

  it('accepts the suggestion; an override needs a reason and shows as such', async () => {
    const accept = await put('blue', { detection_level_id: levelId('alerted') });
    expect(accept.statusCode, accept.body).toBe(200);
    const before = await f.detail(testId);
    const bad = await put('blue', { detection_level_id: levelId('logged') });
    expect(bad.statusCode).toBe(422);
    expect(ErrorBody.parse(bad.json()).errors?.[0]).toMatchObject({
      path: 'body.outcome_override_reason',
    });
    expect(await f.detail(testId)).toEqual(before);
    const ok = await put('blue', {
      detection_level_id: levelId('logged'),
      outcome_override_reason: 'Alert was auto-closed as benign',
    });
    const d = MissionTestDetail.parse(ok.json());
    expect(d).toMatchObject({
      detection_level_key: 'logged',
      outcome_override_reason: 'Alert was auto-closed as benign',
    });
    expect(d.suggested_outcome).toMatchObject({ detection_level_key: 'alerted', overridden: true });
  });

  it('refuses results for a tool of another mission, twice-listed tools and bad facts; audits changes', async () => {
    const before = await f.detail(testId);
    const cases: Array<[unknown, string]> = [
      [
        { tool_results: [{ defence_tool_id: '00000000-0000-4000-8000-000000000000' }] },
        'body.tool_results.0.defence_tool_id',
      ],
      [
        { tool_results: [{ defence_tool_id: edr }, { defence_tool_id: edr }] },
        'body.tool_results.1.defence_tool_id',
      ],
      [
        { tool_results: [{ defence_tool_id: edr, alerted: 'maybe' }] },
        'body.tool_results.0.alerted',
      ],
      [
        { tool_results: [{ defence_tool_id: edr, detected_at: 'noon' }] },
        'body.tool_results.0.detected_at',
      ],
    ];
    for (const [body, path] of cases) {
      const res = await put('blue', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(422);
      expect(ErrorBody.parse(res.json()).errors?.map((e) => e.path)).toContain(path);
    }
    expect(await f.detail(testId)).toEqual(before);
    const audit = await f.req('admin', 'GET', `/api/audit?action=test.updated&target_id=${testId}`);
    const items = (audit.json() as { items: Array<{ after: Record<string, unknown> }> }).items;
    expect(items.some((i) => i.after.tool_results !== undefined)).toBe(true);
  });
});
