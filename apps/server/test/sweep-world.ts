import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { multipart } from '../src/modules/evidence/test-evidence.js';
import { addMember, createClient, createMission } from '../src/modules/missions/test-missions.js';
import { login, loginAdmin, tokenHeaders, type Headers } from './auth-helpers.js';
import { createUser } from './factories.js';
import type { TestApp } from './harness.js';

/**
 * The world of the generated authorization sweep (test/authz-sweep.test.ts): one mission led
 * by `lead` with a viewer, a blue-only and a red member, a visible and a hidden-from-blue
 * test (its red command and evidence caption carry MARKER), an asset, evidence on both
 * tests and a finding; and callers outside it. Built through the HTTP API only.
 */
export const SWEEP_ACTORS = [
  'anonymous', // no credentials
  'no_role', // signed in, no global role, member of nothing
  'outsider', // global purple lead, not a member of the mission
  'viewer', // mission viewer (global viewer)
  'blue', // blue-only member (global blue analyst): must not see the hidden test
  'red', // red member (global red operator)
  'token', // the lead's API token holding only library.read
  'lead', // mission lead (global purple lead)
  'admin', // global admin, not a member (admin.missions bypass)
] as const;
export type SweepActor = (typeof SWEEP_ACTORS)[number];

/** Text only the hidden test carries: a blue-only caller must never receive it. */
export const MARKER = 'zz-hidden-3f9c1e';

export interface SweepWorld {
  headers: Record<SweepActor, Headers>;
  userIds: Record<'viewer' | 'blue' | 'red' | 'lead', string>;
  missionId: string;
  visibleTestId: string;
  hiddenTestId: string;
  hiddenEvidenceId: string;
  /**
   * Fills a route pattern for one call. Reads get real ids (so allowed callers reach real
   * data); writes without a JSON body get fresh UUIDs below the guarded resource (404 after
   * the authorization checks, nothing deleted); the few writes that act on the guarded
   * resource itself get a disposable one per call (`disposable`).
   */
  url(method: string, pattern: string, withBody: boolean): Promise<string>;
  /** The same pattern with every id a fresh UUID: what a resource that does not exist answers. */
  nowhere(pattern: string): string;
}

/** Writes with no body that change the resource the guard checks: each call gets its own. */
const DISPOSABLE = new Set([
  'DELETE /api/missions/:id',
  'POST /api/missions/:id/reveal',
  'DELETE /api/evidence/:id',
  'DELETE /api/findings/:id',
]);

export async function sweepWorld(t: TestApp): Promise<SweepWorld> {
  const admin = await loginAdmin(t);
  const make = async (roleKeys: string[]) => {
    const u = await createUser(t, { roleKeys });
    return { id: u.id, h: await login(t, u.email, u.password) };
  };
  const noRole = await make([]);
  const outsider = await make(['purple_lead']);
  const viewer = await make(['viewer']);
  const blue = await make(['blue_analyst']);
  const red = await make(['red_operator']);
  const lead = await make(['purple_lead']);
  const token = await tokenHeaders(t, lead.h, ['library.read'], 'narrow');
  const headers: Record<SweepActor, Headers> = {
    anonymous: {},
    no_role: noRole.h,
    outsider: outsider.h,
    viewer: viewer.h,
    blue: blue.h,
    red: red.h,
    token: { authorization: token.authorization },
    lead: lead.h,
    admin,
  };

  const send = async (h: Headers, method: 'POST' | 'PUT' | 'PATCH', url: string, body: object) => {
    const res = await t.app.inject({ method, url, headers: h, payload: body });
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
    return res.json() as Record<string, unknown>;
  };
  const upload = async (missionId: string, testId: string, caption: string) => {
    const form = multipart({ name: 'note.txt', content: Buffer.from(caption) }, { caption });
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/missions/${missionId}/tests/${testId}/evidence`,
      headers: { ...red.h, ...form.headers },
      payload: form.payload,
    });
    expect(res.statusCode, res.body).toBe(201);
    return (res.json() as { id: string }).id;
  };

  const client = await createClient(t, lead.h, `Sweep ${randomUUID().slice(0, 8)}`);
  const freshMission = async () => {
    const m = await createMission(t, lead.h, client.id, { name: 'Sweep mission' });
    await addMember(t, lead.h, m.id, viewer.id, 'viewer');
    await addMember(t, lead.h, m.id, blue.id, 'blue');
    await addMember(t, lead.h, m.id, red.id, 'red');
    return m.id;
  };
  const missionId = await freshMission();
  const shown = await send(lead.h, 'POST', '/api/library/tests', { name: 'Sweep visible' });
  const hidden = await send(lead.h, 'POST', '/api/library/tests', { name: 'Sweep hidden' });
  const libraryScenario = await send(lead.h, 'POST', '/api/library/scenarios', {
    name: 'Sweep scenario',
    test_ids: [shown.id],
  });
  const scenario = (await send(lead.h, 'POST', `/api/missions/${missionId}/scenarios`, {
    test_template_ids: [shown.id, hidden.id],
  })) as { id: string; tests: { id: string }[] };
  const [visibleTestId, hiddenTestId] = scenario.tests.map((x) => x.id) as [string, string];
  const m = `/api/missions/${missionId}`;
  await send(lead.h, 'PATCH', `${m}/tests/${hiddenTestId}/plan`, { hidden_from_blue: true });
  await send(red.h, 'PUT', `${m}/tests/${hiddenTestId}`, { red_command: `whoami ${MARKER}` });
  await send(red.h, 'PUT', `${m}/tests/${visibleTestId}`, { red_command: 'whoami' });
  const asset = await send(lead.h, 'POST', `${m}/assets`, { kind: 'source', name: 'ws1' });
  const evidenceId = await upload(missionId, visibleTestId, 'visible evidence');
  const hiddenEvidenceId = await upload(missionId, hiddenTestId, `caption ${MARKER}`);
  const newFinding = async () =>
    String(
      (
        await send(lead.h, 'POST', `${m}/findings`, {
          title: 'Sweep finding',
          severity: 'low',
          test_ids: [visibleTestId],
        })
      ).id,
    );
  const findingId = await newFinding();

  const reads: Record<string, string> = {
    testId: visibleTestId,
    scenarioId: scenario.id,
    assetId: String(asset.id),
    userId: lead.id,
    otherId: missionId,
  };
  const idFor = (pattern: string): string | undefined => {
    if (pattern.startsWith('/api/missions/')) return missionId;
    if (pattern.startsWith('/api/findings/')) return findingId;
    if (pattern.startsWith('/api/evidence/')) return evidenceId;
    if (pattern.startsWith('/api/users/')) return lead.id;
    if (pattern.startsWith('/api/library/tests/')) return String(shown.id);
    if (pattern.startsWith('/api/library/scenarios/')) return String(libraryScenario.id);
    if (pattern.startsWith('/api/clients/')) return client.id;
    return undefined;
  };
  const disposable = async (pattern: string): Promise<string> => {
    if (pattern.startsWith('/api/missions/')) return freshMission();
    if (pattern.startsWith('/api/evidence/')) {
      return upload(missionId, visibleTestId, `disposable ${randomUUID()}`);
    }
    return newFinding();
  };
  // Without a body, only the mission itself stays real (its no-body writes change nothing
  // there: a restore of a live mission, imports and uploads without a file).
  const fill = (pattern: string, real: boolean, id?: string) =>
    pattern.replace(/:([A-Za-z]+)/g, (_, name: string) => {
      if (name === 'id' && id) return id;
      if (name === 'id' && (real || pattern.startsWith('/api/missions/'))) {
        return idFor(pattern) ?? randomUUID();
      }
      return real ? (reads[name] ?? randomUUID()) : randomUUID();
    });

  return {
    headers,
    userIds: { viewer: viewer.id, blue: blue.id, red: red.id, lead: lead.id },
    missionId,
    visibleTestId,
    hiddenTestId,
    hiddenEvidenceId,
    async url(method, pattern, withBody) {
      const key = `${method} ${pattern}`;
      if (DISPOSABLE.has(key)) return fill(pattern, false, await disposable(pattern));
      const read = method === 'GET' || method === 'HEAD';
      // A write with a JSON body is sent an unknown key: allowed callers get 422, nothing changes.
      return fill(pattern, read || withBody);
    },
    nowhere: (pattern) => pattern.replace(/:[A-Za-z]+/g, () => randomUUID()),
  };
}
