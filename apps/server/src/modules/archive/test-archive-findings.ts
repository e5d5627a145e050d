import { Finding } from '@metamorph/contract';
import { expect } from 'vitest';
import type { Headers } from '../../../test/auth-helpers.js';
import type { TestApp } from '../../../test/harness.js';

/**
 * The archive world's findings, made through the API: F-1 with every field set (owner a
 * member, a status reason), F-2 owned by name (its second test hidden from blue), F-3 linking
 * only the hidden test.
 * `testIds`: reviewed, executed, hidden.
 */
export async function worldFindings(
  t: TestApp,
  w: { missionId: string; lead: Headers; ownerId: string; testIds: [string, string, string] },
): Promise<string[]> {
  const [reviewed, executed, hidden] = w.testIds;
  const create = async (body: Record<string, unknown>) => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/missions/${w.missionId}/findings`,
      headers: w.lead,
      payload: body,
    });
    expect(res.statusCode, res.body).toBe(201);
    return Finding.parse(res.json());
  };
  const f1 = await create({
    title: 'Encoded PowerShell only alerted by the EDR',
    severity: 'high',
    description_md: 'The SIEM saw **nothing**.',
    recommendation_md: 'Write a rule for `-enc`.',
    test_ids: [reviewed, executed],
    gap_reason: 'no_rule',
    sigma_rule: 'title: Encoded PowerShell\ndetection:\n  sel: {CommandLine|contains: -enc}',
    siem_query: 'DeviceProcessEvents | where ProcessCommandLine has "-enc"',
    ticket_url: 'https://tracker.example/SOC-42',
    owner_user_id: w.ownerId,
    due_on: '2026-04-30',
  });
  const patched = await t.app.inject({
    method: 'PATCH',
    url: `/api/findings/${f1.id}`,
    headers: w.lead,
    payload: { status: 'risk_accepted', status_reason: 'Accepted until Q3', version: f1.version },
  });
  expect(patched.statusCode, patched.body).toBe(200);
  const f2 = await create({
    title: 'whoami not logged',
    severity: 'low',
    test_ids: [executed, hidden],
    owner_name: 'Client SOC (Jane)',
  });
  const f3 = await create({ title: 'Hidden gap', severity: 'critical', test_ids: [hidden] });
  return [f1.id, f2.id, f3.id];
}
