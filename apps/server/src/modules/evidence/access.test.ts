import { Evidence, EvidenceUploadResult } from '@metamorph/contract';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { auditEvents, evidenceFiles, missionEvents } from '../../db/schema/index.js';
import { addMember, createClient, createMission } from '../missions/test-missions.js';
import { SAMPLES, evidenceWorld, type EvidenceWorld, type Who } from './test-evidence.js';

describe('evidence: sides, rights, visibility (membership-aware 404 everywhere)', () => {
  let t: TestApp;
  let w: EvidenceWorld;
  beforeAll(async () => {
    t = await createTestApp();
    w = await evidenceWorld(t);
  });
  afterAll(() => t.close());

  const req = (who: Who, method: 'GET' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: w.h[who], ...(payload ? { payload } : {}) });
  const put = async (who: Who, testId: string, name = 'n.txt', fields = {}) => {
    const res = await w.upload(
      who,
      testId,
      { name, content: Buffer.from(`${who} ${name}`) },
      fields,
    );
    expect(res.statusCode, res.body).toBe(201);
    return EvidenceUploadResult.parse(res.json());
  };

  it('files the upload under the uploader side; both-sided callers choose (blue by default)', async () => {
    const testId = await w.newTest();
    expect((await put('red', testId, 'r.txt')).side).toBe('red');
    expect((await put('blue', testId, 'b.txt')).side).toBe('blue');
    expect((await put('purple', testId, 'p.txt')).side).toBe('blue');
    expect((await put('purple', testId, 'p2.txt', { side: 'red' })).side).toBe('red');
    expect((await put('lead', testId, 'l.txt', { side: 'red' })).side).toBe('red');
    expect((await put('admin', testId, 'a.txt')).side).toBe('blue');
    const file = { name: 'x.txt', content: Buffer.from('x') };
    const asBlue = await w.upload('red', testId, file, { side: 'blue' });
    expect(asBlue.statusCode, asBlue.body).toBe(403);
    const viewer = await w.upload('viewer', testId, file);
    expect(viewer.statusCode, viewer.body).toBe(403);
    const green = await w.upload('purple', testId, file, { side: 'green' });
    expect(green.statusCode, green.body).toBe(422);
    const after = await w.upload(
      'red',
      testId,
      { name: 'late.txt', content: Buffer.from('l') },
      {
        caption: 'fields after the file',
        side: 'red',
      },
      { fieldsAfterFile: true },
    );
    expect(after.statusCode, after.body).toBe(201);
    expect(EvidenceUploadResult.parse(after.json()).caption).toBe('fields after the file');
    const long = await w.upload('red', testId, file, { caption: 'x'.repeat(2001) });
    expect(long.statusCode, long.body).toBe(422);
    const none = await w.upload('red', testId, null, { caption: 'no file' });
    expect(none.statusCode, none.body).toBe(422);
    const empty = await w.upload('red', testId, { name: 'e.txt', content: Buffer.alloc(0) });
    expect(empty.statusCode, empty.body).toBe(422);
    const json = await t.app.inject({
      method: 'POST',
      url: `/api/missions/${w.missionId}/tests/${testId}/evidence`,
      headers: w.h.red,
      payload: { file: 'nope' },
    });
    expect(json.statusCode, json.body).toBe(415);
  });

  it('serves the bytes as an attachment with nosniff and a sandbox CSP; images inline on request', async () => {
    const testId = await w.newTest();
    const png = EvidenceUploadResult.parse(
      (await w.upload('red', testId, { name: 'écran «1».png', content: SAMPLES.png })).json(),
    );
    const res = await req('blue', 'GET', `/api/evidence/${png.id}/content`);
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload).toEqual(SAMPLES.png);
    expect(res.headers).toMatchObject({
      'content-type': 'image/png',
      'content-length': String(SAMPLES.png.length),
      'x-content-type-options': 'nosniff',
      'content-security-policy': "sandbox; default-src 'none'",
      'cache-control': 'private, no-store',
      etag: `"${png.sha256}"`,
    });
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="_cran _1_.png"; filename*=UTF-8''%C3%A9cran%20%C2%AB1%C2%BB.png`,
    );
    const inline = await req('blue', 'GET', `/api/evidence/${png.id}/content?inline=1`);
    expect(inline.headers['content-disposition']).toMatch(/^inline; /);
    const cached = await t.app.inject({
      url: `/api/evidence/${png.id}/content`,
      headers: { ...w.h.blue, 'if-none-match': `"${png.sha256}"` },
    });
    expect(cached.statusCode).toBe(304);
    const txt = EvidenceUploadResult.parse(
      (await w.upload('red', testId, { name: 'a.txt', content: SAMPLES.txt })).json(),
    );
    const text = await req('viewer', 'GET', `/api/evidence/${txt.id}/content?inline=1`);
    expect(text.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(text.headers['content-disposition']).toMatch(/^attachment; /);
    expect(text.body).toBe(SAMPLES.txt.toString());
    const got = await req('viewer', 'GET', `/api/evidence/${txt.id}`);
    expect(Evidence.parse(got.json())).toEqual({ ...txt, duplicate: undefined });
  });

  it('lets the uploading side (or an admin) caption and delete; others get 403', async () => {
    const testId = await w.newTest();
    const red = await put('red', testId, 'red.txt');
    const url = `/api/evidence/${red.id}`;
    for (const who of ['blue', 'viewer'] as const) {
      expect((await req(who, 'PATCH', url, { caption: 'x' })).statusCode).toBe(403);
      expect((await req(who, 'DELETE', url)).statusCode).toBe(403);
    }
    const bad = await req('red', 'PATCH', url, { caption: 'x', extra: 1 });
    expect(bad.statusCode, bad.body).toBe(422);
    const patched = await req('purple', 'PATCH', url, { caption: '  Beacon seen  ' });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(Evidence.parse(patched.json()).caption).toBe('Beacon seen');
    const cleared = await req('admin', 'PATCH', url, { caption: null });
    expect(Evidence.parse(cleared.json()).caption).toBeNull();
    const audits = await t.ctx.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.targetId, red.id));
    expect(audits.map((a) => [a.action, a.before, a.after])).toEqual([
      ['evidence.uploaded', null, expect.objectContaining({ side: 'red' })],
      ['evidence.updated', { caption: null }, { caption: 'Beacon seen' }],
      ['evidence.updated', { caption: 'Beacon seen' }, { caption: null }],
    ]);
    expect((await req('red', 'DELETE', url)).statusCode).toBe(204);
    const [row] = await t.ctx.db.select().from(evidenceFiles).where(eq(evidenceFiles.id, red.id));
    expect(row?.deletedAt).not.toBeNull();
    expect(row?.deletedBy).toBe(w.userIds.red);
    for (const who of ['red', 'admin', 'lead'] as const) {
      expect((await req(who, 'GET', url)).statusCode).toBe(404);
      expect((await req(who, 'GET', `${url}/content`)).statusCode).toBe(404);
      expect((await req(who, 'DELETE', url)).statusCode).toBe(404);
    }
    const events = await t.ctx.db
      .select({ kind: missionEvents.kind })
      .from(missionEvents)
      .where(eq(missionEvents.evidenceId, red.id));
    expect(events.map((e) => e.kind)).toEqual([
      'evidence.added',
      'evidence.changed',
      'evidence.changed',
      'evidence.removed',
    ]);
    const blue = await put('blue', testId, 'blue.txt');
    expect((await req('red', 'DELETE', `/api/evidence/${blue.id}`)).statusCode).toBe(403);
    expect((await req('admin', 'DELETE', `/api/evidence/${blue.id}`)).statusCode).toBe(204);
  });

  it('answers the same 404 for outsiders, hidden and deleted tests and other missions', async () => {
    const open = await w.newTest();
    const hidden = await w.newTest({ hidden: true });
    const doomed = await w.newTest();
    const a = await put('red', open, 'open.txt');
    const b = await put('red', hidden, 'hidden.txt');
    const c = await put('red', doomed, 'doomed.txt');
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/missions/${w.missionId}/tests/${doomed}`,
      headers: w.h.lead,
    });
    expect(del.statusCode, del.body).toBe(204);
    // A second mission the blue member leads, and an evidence-free lookalike.
    const other = await createClient(t, w.h.lead, 'Other client');
    const m2 = await createMission(t, w.h.lead, other.id, { name: 'Other' });
    await addMember(t, w.h.lead, m2.id, w.userIds.blue, 'purple');
    const nobody = '00000000-0000-4000-8000-000000000000';
    const cases: Array<[Who, string]> = [
      ['outsider', a.id],
      ['blue', b.id],
      ['lead', c.id],
      ['admin', c.id],
      ['red', nobody],
    ];
    const failures: string[] = [];
    for (const [who, id] of cases) {
      for (const [method, url, payload] of [
        ['GET', `/api/evidence/${id}`],
        ['GET', `/api/evidence/${id}/content`],
        ['PATCH', `/api/evidence/${id}`, { caption: 'x' }],
        ['DELETE', `/api/evidence/${id}`],
      ] as const) {
        const res = await req(who, method, url, payload);
        if (
          res.statusCode !== 404 ||
          res.json<{ detail: string }>().detail !== 'Evidence not found'
        )
          failures.push(`${method} ${url} as ${who}: ${res.statusCode} ${res.body.slice(0, 100)}`);
      }
    }
    const file = { name: 'x.txt', content: Buffer.from('x') };
    const uploads: Array<[Who, string, string | undefined]> = [
      ['outsider', open, undefined],
      ['blue', hidden, undefined],
      ['red', doomed, undefined],
      ['blue', open, m2.id],
      ['red', nobody, undefined],
    ];
    for (const [who, testId, missionId] of uploads) {
      const res = await w.upload(who, testId, file, {}, { missionId });
      if (res.statusCode !== 404) failures.push(`upload ${testId} as ${who}: ${res.statusCode}`);
    }
    expect(failures).toEqual([]);
    expect((await req('red', 'GET', `/api/evidence/${b.id}`)).statusCode).toBe(200);
    expect((await req('purple', 'GET', `/api/evidence/${b.id}/content`)).statusCode).toBe(200);
    expect((await req('red', 'GET', '/api/evidence/not-a-uuid')).statusCode).toBe(404);
  });
});
