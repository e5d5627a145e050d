import { DetectionLevel, DetectionLevelList, ErrorBody } from '@metamorph/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { executionFixture, type ExecutionFixture } from './test-execution.js';

describe('detection levels: admin CRUD and remap', () => {
  let t: TestApp;
  let f: ExecutionFixture;
  beforeAll(async () => {
    t = await createTestApp();
    f = await executionFixture(t);
  });
  afterAll(() => t.close());
  const list = async () =>
    DetectionLevelList.parse((await f.req('viewer', 'GET', '/api/detection-levels')).json()).items;
  const body = {
    key: 'contained',
    label: 'Contained',
    colour: '#7048E8',
    rank: 5,
    counts_as: 'prevented',
    coverage_score: 90,
  };

  it('creates, edits and refuses bad input with a clear 4xx, admin.settings only', async () => {
    expect((await f.req('anonymous', 'POST', '/api/detection-levels', body)).statusCode).toBe(401);
    expect((await f.req('lead', 'POST', '/api/detection-levels', body)).statusCode).toBe(403);
    const created = await f.req('admin', 'POST', '/api/detection-levels', body);
    expect(created.statusCode, created.body).toBe(201);
    const level = DetectionLevel.parse(created.json());
    expect(level).toMatchObject({ key: 'contained', colour: '#7048e8', description: null });
    const bad: Array<[string, unknown, string]> = [
      ['POST', { ...body }, 'body.key'],
      ['POST', { ...body, key: 'Not A Slug' }, 'body.key'],
      ['POST', { ...body, key: 'other', colour: 'purple' }, 'body.colour'],
      ['POST', { ...body, key: 'other', rank: 5000 }, 'body.rank'],
      ['POST', { ...body, key: 'other', coverage_score: 101 }, 'body.coverage_score'],
      ['PATCH', { key: 'renamed' }, 'body'],
    ];
    const before = await list();
    for (const [method, payload, path] of bad) {
      const url = method === 'POST' ? '/api/detection-levels' : `/api/detection-levels/${level.id}`;
      const res = await f.req('admin', method as 'POST', url, payload);
      expect(res.statusCode, `${method} ${JSON.stringify(payload)}`).toBe(422);
      expect(
        ErrorBody.parse(res.json())
          .errors?.map((e) => e.path)
          .join(' '),
      ).toContain(path);
    }
    expect(await list()).toEqual(before);
    const edited = await f.req('admin', 'PATCH', `/api/detection-levels/${level.id}`, {
      label: 'Contained by SOC',
      rank: 2,
    });
    expect(edited.json()).toMatchObject({ label: 'Contained by SOC', rank: 2, key: 'contained' });
    expect(
      (await f.req('blue', 'PATCH', `/api/detection-levels/${level.id}`, { label: 'x' }))
        .statusCode,
    ).toBe(403);
  });

  it('deletes an unused level; one in use needs a replacement and its tests move in one go (audited)', async () => {
    const levels = await list();
    const alerted = levels.find((l) => l.key === 'alerted')!;
    const logged = levels.find((l) => l.key === 'logged')!;
    const a = await f.newTest('Remap A');
    const b = await f.newTest('Remap B');
    for (const id of [a, b]) {
      expect(
        (await f.req('blue', 'PUT', f.url(`/tests/${id}`), { detection_level_id: alerted.id }))
          .statusCode,
      ).toBe(200);
    }
    const va = (await f.detail(a)).version;
    expect((await f.req('blue', 'DELETE', `/api/detection-levels/${alerted.id}`)).statusCode).toBe(
      403,
    );
    expect(
      (await f.req('anonymous', 'DELETE', `/api/detection-levels/${alerted.id}`)).statusCode,
    ).toBe(401);
    const refused = await f.req('admin', 'DELETE', `/api/detection-levels/${alerted.id}`);
    expect(refused.statusCode).toBe(409);
    expect(ErrorBody.parse(refused.json()).detail).toContain('2 tests');
    expect((await list()).some((l) => l.id === alerted.id)).toBe(true);
    expect(
      (
        await f.req(
          'admin',
          'DELETE',
          `/api/detection-levels/${alerted.id}?replacement_id=${alerted.id}`,
        )
      ).statusCode,
    ).toBe(422);
    expect(
      (
        await f.req(
          'admin',
          'DELETE',
          `/api/detection-levels/${alerted.id}?replacement_id=00000000-0000-4000-8000-000000000000`,
        )
      ).statusCode,
    ).toBe(422);
    const ok = await f.req(
      'admin',
      'DELETE',
      `/api/detection-levels/${alerted.id}?replacement_id=${logged.id}`,
    );
    expect(ok.statusCode, ok.body).toBe(204);
    const da = await f.detail(a);
    expect(da).toMatchObject({ detection_level_key: 'logged', version: va + 1 });
    expect((await f.detail(b)).detection_level_key).toBe('logged');
    expect((await list()).some((l) => l.id === alerted.id)).toBe(false);
    const audit = await f.req('admin', 'GET', `/api/audit?action=detection_level.deleted`);
    expect((audit.json() as { items: Array<{ after: unknown }> }).items[0]?.after).toEqual({
      replaced_by: 'logged',
      tests_remapped: 2,
    });
    const unused = (await list()).find((l) => l.key === 'contained')!;
    expect((await f.req('admin', 'DELETE', `/api/detection-levels/${unused.id}`)).statusCode).toBe(
      204,
    );
    expect((await f.req('admin', 'DELETE', `/api/detection-levels/${unused.id}`)).statusCode).toBe(
      404,
    );
  });
});
