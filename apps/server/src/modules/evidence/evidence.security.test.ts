import { EvidenceUploadResult } from '@metamorph/contract';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import {
  multipart,
  SAMPLES,
  evidenceWorld,
  storedFiles,
  type EvidenceWorld,
  type Who,
} from './test-evidence.js';

const ACTORS: Who[] = ['anonymous', 'outsider', 'viewer', 'red', 'blue', 'purple', 'lead', 'admin'];

describe('evidence routes × actors: 401 → 404 → 403 → 4xx, outsiders always 404', () => {
  let t: TestApp;
  let w: EvidenceWorld;
  let testId: string;
  let hiddenId: string;
  let redEv: string;
  let hiddenEv: string;
  beforeAll(async () => {
    t = await createTestApp();
    w = await evidenceWorld(t);
    testId = await w.newTest();
    hiddenId = await w.newTest({ hidden: true });
    const up = async (test: string, content: Buffer) => {
      const res = await w.upload('red', test, { name: 'r.txt', content });
      expect(res.statusCode, res.body).toBe(201);
      return EvidenceUploadResult.parse(res.json()).id;
    };
    redEv = await up(testId, Buffer.from('red evidence'));
    hiddenEv = await up(hiddenId, Buffer.from('hidden evidence'));
  });
  afterAll(() => t.close());

  const row = (
    anonymous: number,
    outsider: number,
    viewer: number,
    red: number,
    blue: number,
    purple: number,
    lead: number,
    admin: number,
  ): Record<Who, number> => ({ anonymous, outsider, viewer, red, blue, purple, lead, admin });

  it('every route answers each actor as the table says, and changes nothing', async () => {
    const m = `/api/missions/${w.missionId}`;
    // Uploads refused after the access checks: an .exe is 415 for whoever may upload.
    const exe = () => {
      const body = multipart({ name: 'tool.exe', content: Buffer.from('MZ') });
      return { method: 'POST', url: `${m}/tests/${testId}/evidence`, ...body } as const;
    };
    const exeHidden = () => {
      const body = multipart({ name: 'tool.exe', content: Buffer.from('MZ') });
      return { method: 'POST', url: `${m}/tests/${hiddenId}/evidence`, ...body } as const;
    };
    const e = `/api/evidence/${redEv}`;
    const hdn = `/api/evidence/${hiddenEv}`;
    const cases: Array<[string, () => InjectOptions, Record<Who, number>]> = [
      ['upload', exe, row(401, 404, 403, 415, 415, 415, 415, 415)],
      ['upload to hidden test', exeHidden, row(401, 404, 403, 415, 404, 415, 415, 415)],
      ['get', () => ({ url: e }), row(401, 404, 200, 200, 200, 200, 200, 200)],
      ['content', () => ({ url: `${e}/content` }), row(401, 404, 200, 200, 200, 200, 200, 200)],
      ['get hidden', () => ({ url: hdn }), row(401, 404, 200, 200, 404, 200, 200, 200)],
      [
        'patch (bad body)',
        () => ({ method: 'PATCH', url: e, payload: { caption: 7 } }),
        row(401, 404, 403, 422, 403, 422, 422, 422),
      ],
      [
        'patch hidden (bad body)',
        () => ({ method: 'PATCH', url: hdn, payload: { caption: 7 } }),
        row(401, 404, 403, 422, 404, 422, 422, 422),
      ],
      [
        'delete missing',
        () => ({ method: 'DELETE', url: '/api/evidence/00000000-0000-4000-8000-000000000000' }),
        row(401, 404, 404, 404, 404, 404, 404, 404),
      ],
    ];
    const before = await storedFiles(t);
    const failures: string[] = [];
    for (const [name, request, expected] of cases) {
      for (const actor of ACTORS) {
        const opts = request();
        const headers = { ...(opts.headers as Record<string, string>), ...w.h[actor] };
        const res = await t.app.inject({ ...opts, headers });
        if (res.statusCode !== expected[actor]) {
          failures.push(
            `${name} as ${actor}: ${res.statusCode} (want ${expected[actor]}) ${res.body.slice(0, 120)}`,
          );
        }
      }
    }
    expect(failures).toEqual([]);
    expect(await storedFiles(t)).toEqual(before);
    const still = await t.app.inject({ url: e, headers: w.h.red });
    expect(still.json()).toMatchObject({ caption: null });
  });

  it('deletion rights: the red side or admin for red evidence', async () => {
    const res = await w.upload('red', testId, { name: 'd.png', content: SAMPLES.png });
    const id = EvidenceUploadResult.parse(res.json()).id;
    const del = (who: Who) =>
      t.app.inject({ method: 'DELETE', url: `/api/evidence/${id}`, headers: w.h[who] });
    for (const who of ['anonymous', 'outsider', 'viewer', 'blue'] as const) {
      expect((await del(who)).statusCode, who).toBe(
        who === 'anonymous' ? 401 : who === 'outsider' ? 404 : 403,
      );
    }
    expect((await del('lead')).statusCode).toBe(204);
  });
});

describe('test-mode reset', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('wipes the evidence store with the data', async () => {
    const w = await evidenceWorld(t);
    const testId = await w.newTest();
    const res = await w.upload('red', testId, { name: 'a.png', content: SAMPLES.png });
    expect(res.statusCode, res.body).toBe(201);
    expect(await storedFiles(t)).not.toEqual([]);
    const reset = await t.app.inject({ method: 'POST', url: '/api/diag/reset' });
    expect(reset.statusCode, reset.body).toBe(200);
    expect(await storedFiles(t)).toEqual([]);
  });
});
