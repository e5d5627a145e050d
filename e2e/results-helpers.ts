import type { APIRequestContext } from '@playwright/test';
import { API_HEADERS } from './auth-helpers.js';
import { expect } from './fixtures.js';
import { importAttack, post } from './mission-helpers.js';

/**
 * Seeding for the results spec, through the API as the admin (who may write both sides):
 * client Initech with two missions of the same four library tests, a month apart. Q1: PowerShell
 * alerted, transfer prevented, obfuscation not detected (no rule), phishing logged. Q2: PowerShell
 * not detected (a regression), transfer prevented, obfuscation prevented (an improvement),
 * phishing still pending. The PowerShell test carries the library tag "loader"; the transfer also
 * runs on Linux (the coverage pickers narrow to them).
 */
export interface ResultsSeed {
  clientId: string;
  q1: string;
  q2: string;
}

const TESTS: Array<[name: string, technique: string, platforms: string[], tags: string[]]> = [
  ['Encoded PowerShell download cradle', 'T1059.001', ['Windows'], ['loader']],
  ['Ingress tool transfer with certutil', 'T1105', ['Windows', 'Linux'], []],
  ['Obfuscated script in a scheduled task', 'T1027', ['Windows'], []],
  ['Spearphishing attachment with macro', 'T1566.001', ['Windows'], []],
];

async function send(api: APIRequestContext, method: 'put' | 'post', url: string, data: object) {
  const res = await api[method](url, { headers: API_HEADERS, data });
  expect(res.status(), `${method} ${url}: ${await res.text()}`).toBeLessThan(300);
}

export async function seedResults(api: APIRequestContext): Promise<ResultsSeed> {
  await importAttack(api, 'mini-enterprise.json');
  const templates: string[] = [];
  for (const [name, technique, platforms, tags] of TESTS) {
    const t = await post<{ id: string }>(api, '/api/library/tests', {
      name,
      attack_ids: [technique],
      platforms,
      tags,
      expected_outcomes: [{ layer: 'edr', expectation: 'alert' }],
    });
    templates.push(t.id);
  }
  const levels = (await (
    await api.get('/api/detection-levels', { headers: API_HEADERS })
  ).json()) as {
    items: Array<{ id: string; key: string }>;
  };
  const level = (key: string) => levels.items.find((l) => l.key === key)!.id;
  const client = await post<{ id: string }>(api, '/api/clients', { name: 'Initech' });

  const mission = async (name: string, start: string, outcomes: Array<string | null>) => {
    const m = await post<{ id: string }>(api, '/api/missions', {
      client_id: client.id,
      name,
      start_date: start,
    });
    const base = `/api/missions/${m.id}`;
    const edr = await post<{ id: string }>(api, `${base}/assets`, {
      kind: 'defence_tool',
      name: 'CrowdStrike Falcon',
      layer: 'edr',
    });
    await post(api, `${base}/assets`, { kind: 'defence_tool', name: 'Splunk ES', layer: 'siem' });
    const scenario = await post<{ tests: Array<{ id: string }> }>(api, `${base}/scenarios`, {
      test_template_ids: templates,
      name: 'Initial access to execution',
    });
    for (const [i, key] of outcomes.entries()) {
      if (!key) continue;
      const url = `${base}/tests/${scenario.tests[i]!.id}`;
      await send(api, 'post', `${url}/transition`, { state: 'executed' });
      const facts = {
        prevented: key === 'prevented' ? 'yes' : 'no',
        alerted: key === 'alerted' || key === 'prevented' ? 'yes' : 'no',
        logged: key === 'not_detected' ? 'no' : 'yes',
      };
      await send(api, 'put', url, {
        tool_results: [{ defence_tool_id: edr.id, ...facts }],
        detection_level_id: level(key),
        ...(key === 'not_detected' ? { gap_reason: 'no_rule' } : {}),
        ...(key === 'logged' ? { outcome_override_reason: 'SIEM correlation only' } : {}),
      });
      await send(api, 'post', `${url}/transition`, { state: 'reviewed_by_blue' });
    }
    return m.id;
  };
  const q1 = await mission('Q1 purple team', '2026-01-12', [
    'alerted',
    'prevented',
    'not_detected',
    'logged',
  ]);
  const q2 = await mission('Q2 purple team', '2026-02-09', [
    'not_detected',
    'prevented',
    'prevented',
    null,
  ]);
  return { clientId: client.id, q1, q2 };
}
