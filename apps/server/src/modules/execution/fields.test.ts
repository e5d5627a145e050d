import { DetectionLevelList, ErrorBody, MissionTestDetail } from '@metamorph/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { executionFixture, type ExecutionFixture } from './test-execution.js';

// One valid value per field, by side (the spec's red/blue split plus this product's fields).
const RED: Record<string, unknown> = {
  red_command: 'whoami /all',
  red_output: 'user\\admin',
  red_comment_md: 'Ran from the jump host',
  attack_started_at: '2026-11-29T08:00:00.000Z',
  attack_ended_at: null,
  account_used: 'CORP\\svc_backup',
  execution_result: 'succeeded',
  cleanup_done: true,
  artefacts_md: 'C:\\Temp\\a.exe left behind',
  source_asset_id: null,
  target_asset_id: null,
  red_tool_id: null,
};
const BLUE: Record<string, unknown> = {
  blue_comment_md: 'Seen in the SIEM',
  hunt_query: 'index=edr process=whoami',
  log_sources: 'Sysmon 1, 4688',
  gap_reason: 'no_rule',
  detection_level_id: null,
};
const ACTORS = {
  red: { red: true, blue: false },
  blue: { red: false, blue: true },
  purple: { red: true, blue: true },
  lead: { red: true, blue: true },
  viewer: { red: false, blue: false },
  admin: { red: true, blue: true },
} as const;

describe('PUT mission test: every field × side, normalisation, validation, If-Match', () => {
  let t: TestApp;
  let f: ExecutionFixture;
  let testId: string;
  beforeAll(async () => {
    t = await createTestApp();
    f = await executionFixture(t);
    testId = await f.newTest('Fields');
  });
  afterAll(() => t.close());
  const put = (who: Parameters<ExecutionFixture['req']>[0], body: unknown, headers = {}) =>
    f.req(who, 'PUT', f.url(`/tests/${testId}`), body, headers);

  it('lets each side write exactly its fields (403 before any write otherwise)', async () => {
    for (const [field, value] of [
      ...Object.entries(RED).map(([k, v]) => ['red', k, v] as const),
      ...Object.entries(BLUE).map(([k, v]) => ['blue', k, v] as const),
    ].map(([side, k, v]) => [`${side}:${k}`, v] as const)) {
      const [side, name] = field.split(':') as ['red' | 'blue', string];
      for (const [actor, held] of Object.entries(ACTORS)) {
        const before = await f.detail(testId);
        const res = await put(actor as keyof typeof ACTORS, { [name]: value });
        const want = held[side] ? 200 : 403;
        expect(res.statusCode, `${actor} writes ${name}: ${res.body}`).toBe(want);
        if (want === 403) {
          // A member with neither side is refused at the route, before the body is read.
          const holdsNone = !held.red && !held.blue;
          expect(ErrorBody.parse(res.json()).detail).toContain(
            holdsNone ? 'needs a red or blue role' : side === 'red' ? 'Red-side' : 'Blue-side',
          );
          expect(await f.detail(testId)).toEqual(before);
        } else {
          expect((res.json() as Record<string, unknown>)[name]).toEqual(value);
        }
      }
    }
  });

  it('refuses a mixed patch whole when one side is missing, even with an invalid value', async () => {
    const before = await f.detail(testId);
    const res = await put('red', { red_comment_md: 'ok', detection_level_id: 'not-a-uuid' });
    expect(res.statusCode).toBe(403);
    expect(await f.detail(testId)).toEqual(before);
  });

  it('trims markdown (empty → null) and keeps command whitespace (only "" → null)', async () => {
    let d = MissionTestDetail.parse(
      (
        await put('purple', {
          red_command: '  Get-Process | Out-File x \n',
          red_output: '\n  line 1\n',
          red_comment_md: '   ',
          blue_comment_md: '  **seen**  ',
        })
      ).json(),
    );
    expect(d).toMatchObject({
      red_command: '  Get-Process | Out-File x \n',
      red_output: '\n  line 1\n',
      red_comment_md: null,
      blue_comment_md: '**seen**',
    });
    d = MissionTestDetail.parse((await put('purple', { red_command: '', red_output: ' ' })).json());
    expect(d).toMatchObject({ red_command: null, red_output: ' ' });
    expect(d.last_actor_email).toBe(f.users.purple.email);
  });

  it('sets the detection level by id and answers its key; an unknown id is 422', async () => {
    const levels = DetectionLevelList.parse(
      (await f.req('blue', 'GET', '/api/detection-levels')).json(),
    );
    expect(levels.items.map((l) => l.key)).toEqual([
      'not_detected',
      'logged',
      'alerted',
      'prevented',
    ]);
    const alerted = levels.items.find((l) => l.key === 'alerted')!;
    const ok = await put('blue', { detection_level_id: alerted.id });
    expect(ok.json()).toMatchObject({
      detection_level_id: alerted.id,
      detection_level_key: 'alerted',
    });
    const before = await f.detail(testId);
    const bad = await put('blue', { detection_level_id: '00000000-0000-4000-8000-000000000000' });
    expect(bad.statusCode).toBe(422);
    expect(ErrorBody.parse(bad.json()).errors?.[0]?.path).toBe('body.detection_level_id');
    expect((await put('blue', { detection_level_id: 'alerted' })).statusCode).toBe(422);
    expect(await f.detail(testId)).toEqual(before);
  });

  it('edits executed_at only once executed; the override needs a time', async () => {
    const id = await f.newTest('Exec time');
    const at = { executed_at: '2026-11-29T07:00:00.000Z' };
    expect((await f.req('red', 'PUT', f.url(`/tests/${id}`), at)).statusCode).toBe(422);
    expect(
      (await f.req('red', 'POST', f.url(`/tests/${id}/transition`), { state: 'executed' }))
        .statusCode,
    ).toBe(200);
    const bad = await f.req('red', 'PUT', f.url(`/tests/${id}`), {
      executed_at: null,
      executed_at_overridden: true,
    });
    expect(bad.statusCode).toBe(422);
    expect(ErrorBody.parse(bad.json()).errors?.[0]?.path).toBe('body.executed_at_overridden');
    const ok = await f.req('red', 'PUT', f.url(`/tests/${id}`), {
      ...at,
      executed_at_overridden: true,
    });
    expect(ok.json()).toMatchObject({ ...at, executed_at_overridden: true });
  });

  it('checks the attack window, asset kinds and ownership, unknown fields and types', async () => {
    const before = await f.detail(testId);
    const cases: Array<[unknown, string]> = [
      [
        { attack_started_at: '2026-11-29T09:00:00Z', attack_ended_at: '2026-11-29T08:00:00Z' },
        'body.attack_ended_at',
      ],
      [{ attack_started_at: 'yesterday' }, 'body.attack_started_at'],
      [{ source_asset_id: '00000000-0000-4000-8000-000000000000' }, 'body.source_asset_id'],
      [{ execution_result: 'kinda' }, 'body.execution_result'],
      [{ red_command: 42 }, 'body.red_command'],
      [{ red_comand: 'typo' }, 'body'],
    ];
    for (const [body, path] of cases) {
      const res = await put('purple', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(422);
      expect(
        ErrorBody.parse(res.json())
          .errors?.map((e) => e.path)
          .join(' '),
      ).toContain(path);
    }
    const tool = await f.req('lead', 'POST', f.url('/assets'), {
      kind: 'red_tool',
      name: 'Cobalt',
    });
    const target = await f.req('lead', 'POST', f.url('/assets'), { kind: 'target', name: 'WS01' });
    const toolId = (tool.json() as { id: string }).id;
    const wrongKind = await put('red', { source_asset_id: toolId });
    expect(ErrorBody.parse(wrongKind.json()).errors?.[0]?.message).toContain('red_tool asset');
    expect(await f.detail(testId)).toEqual(before);
    const ok = await put('red', {
      red_tool_id: toolId,
      target_asset_id: (target.json() as { id: string }).id,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ red_tool_id: toolId });
  });

  it('answers an ETag; a stale If-Match (or version) is 409 with the current test, nothing written', async () => {
    const get = await f.req('red', 'GET', f.url(`/tests/${testId}`));
    const etag = get.headers.etag as string;
    const v = MissionTestDetail.parse(get.json()).version;
    expect(etag).toBe(`"${v}"`);
    const first = await put('red', { red_comment_md: 'first' }, { 'if-match': etag });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.headers.etag).toBe(`"${v + 1}"`);
    const stale = await put('blue', { blue_comment_md: 'second' }, { 'if-match': etag });
    expect(stale.statusCode).toBe(409);
    const err = ErrorBody.parse(stale.json());
    expect(err.code).toBe('version_conflict');
    expect(err.detail).toContain(f.users.red.email.split('@')[0]);
    const current = MissionTestDetail.parse((err.context as { current: unknown }).current);
    expect(current).toMatchObject({ version: v + 1, red_comment_md: 'first' });
    expect((await put('blue', { blue_comment_md: 'x', version: v })).statusCode).toBe(409);
    expect(
      (await put('blue', { blue_comment_md: 'x' }, { 'if-match': 'garbage' })).statusCode,
    ).toBe(422);
    expect((await f.detail(testId)).blue_comment_md).not.toBe('second');
    const staleMove = await f.req(
      'red',
      'POST',
      f.url(`/tests/${testId}/transition`),
      { state: 'skipped' },
      { 'if-match': etag },
    );
    expect(staleMove.statusCode).toBe(409);
    expect((await put('blue', { blue_comment_md: 'third' }, { 'if-match': '*' })).statusCode).toBe(
      200,
    );
  });

  it('a no-op patch writes nothing and keeps the version; each write is audited field by field', async () => {
    const before = await f.detail(testId);
    const same = await put('red', { red_comment_md: before.red_comment_md });
    expect(MissionTestDetail.parse(same.json()).version).toBe(before.version);
    await put('red', { account_used: 'CORP\\alice' });
    const audit = await f.req('admin', 'GET', `/api/audit?action=test.updated&target_id=${testId}`);
    const items = (audit.json() as { items: Array<{ before: unknown; after: unknown }> }).items;
    expect(items[0]).toMatchObject({
      before: { account_used: 'CORP\\svc_backup' },
      after: { account_used: 'CORP\\alice' },
    });
  });

  it('returns the full detail: snapshot, tags with tactics, evidence list, rights', async () => {
    const d = await f.detail(testId, 'blue');
    expect(d).toMatchObject({
      mission_id: f.missionId,
      scenario_id: f.scenarioId,
      state: 'pending',
      evidence: [],
      can: { red: false, blue: true, manage: false },
    });
    expect(d.mitre_tags[0]).toMatchObject({ external_id: 'T1059.001' });
  });
});
