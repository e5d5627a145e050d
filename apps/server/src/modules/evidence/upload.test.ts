import { mkdtempSync, rmSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EvidenceUploadResult, SETTINGS_DEFAULTS } from '@metamorph/contract';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { auditEvents, evidenceFiles, missionEvents } from '../../db/schema/index.js';
import {
  SAMPLES,
  bigFile,
  evidenceWorld,
  sha256,
  stagedFiles,
  storedFiles,
  type EvidenceWorld,
} from './test-evidence.js';

const MB = 1024 * 1024;

describe('evidence upload: streaming, size cap, content sniffing, duplicates', () => {
  let t: TestApp;
  let w: EvidenceWorld;
  let tmp: string;
  beforeAll(async () => {
    t = await createTestApp();
    w = await evidenceWorld(t);
    tmp = mkdtempSync(path.join(tmpdir(), 'metamorph-evidence-test-'));
  });
  afterAll(async () => {
    await t.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  const rowsOf = (testId: string) =>
    t.ctx.db.select().from(evidenceFiles).where(eq(evidenceFiles.testId, testId));

  it('accepts 24 MB streamed, with the right SHA-256, stored content-addressed', async () => {
    const testId = await w.newTest();
    const file = path.join(tmp, 'capture-24.pcap');
    const digest = await bigFile(file, 24 * MB, SAMPLES.pcap.subarray(0, 4));
    const res = await w.upload('blue', testId, { name: 'capture-24.pcap', content: file });
    expect(res.statusCode, res.body).toBe(201);
    const ev = EvidenceUploadResult.parse(res.json());
    expect(ev).toMatchObject({
      sha256: digest,
      size_bytes: 24 * MB,
      side: 'blue',
      mime: 'application/vnd.tcpdump.pcap',
      original_filename: 'capture-24.pcap',
      mission_id: w.missionId,
      mission_test_id: testId,
      duplicate: false,
    });
    const stored = path.join(t.ctx.env.evidenceDir, w.missionId, testId, `${digest}.pcap`);
    expect((await stat(stored)).size).toBe(24 * MB);
    expect(await stagedFiles(t)).toEqual([]);
  });

  it('refuses 26 MB with 413 and keeps nothing (no row, no file, no temp file)', async () => {
    const testId = await w.newTest();
    const file = path.join(tmp, 'capture-26.pcap');
    await bigFile(file, 26 * MB, SAMPLES.pcap.subarray(0, 4));
    const before = await storedFiles(t);
    const res = await w.upload('blue', testId, { name: 'capture-26.pcap', content: file });
    expect(res.statusCode, res.body).toBe(413);
    expect(res.json()).toMatchObject({ code: 'payload_too_large' });
    expect(res.json<{ detail: string }>().detail).toContain(String(25 * MB));
    expect(await rowsOf(testId)).toEqual([]);
    expect(await storedFiles(t)).toEqual(before);
  });

  it('takes the cap and the extensions from the settings', async () => {
    const testId = await w.newTest();
    const set = (patch: Record<string, unknown>) =>
      t.app.inject({ method: 'PATCH', url: '/api/settings', headers: w.h.admin, payload: patch });
    expect((await set({ 'evidence.max_bytes': 2048 })).statusCode).toBe(200);
    const text = Buffer.alloc(2049, 'a');
    const big = await w.upload('red', testId, { name: 'a.txt', content: text });
    expect(big.statusCode, big.body).toBe(413);
    const fits = await w.upload('red', testId, { name: 'a.txt', content: text.subarray(0, 2048) });
    expect(fits.statusCode, fits.body).toBe(201);
    expect((await set({ 'evidence.max_bytes': 25 * MB })).statusCode).toBe(200);
    expect((await set({ 'evidence.allowed_extensions': ['txt'] })).statusCode).toBe(200);
    const png = await w.upload('red', testId, { name: 'shot.png', content: SAMPLES.png });
    expect(png.statusCode, png.body).toBe(415);
    expect(png.json<{ detail: string }>().detail).toContain('.png files are not accepted');
    const reset = await set({
      'evidence.allowed_extensions': SETTINGS_DEFAULTS['evidence.allowed_extensions'],
    });
    expect(reset.statusCode, reset.body).toBe(200);
  });

  it('accepts every default type whose content matches, stored under its canonical mime', async () => {
    const testId = await w.newTest();
    const mimes: Record<string, string> = {};
    for (const [ext, content] of Object.entries(SAMPLES)) {
      const res = await w.upload('purple', testId, { name: `sample.${ext}`, content });
      expect(res.statusCode, `${ext}: ${res.body}`).toBe(201);
      mimes[ext] = EvidenceUploadResult.parse(res.json()).mime;
    }
    expect(mimes).toEqual({
      png: 'image/png',
      jpg: 'image/jpeg',
      gif: 'image/gif',
      webp: 'image/webp',
      pdf: 'application/pdf',
      zip: 'application/zip',
      evtx: 'application/octet-stream',
      pcap: 'application/vnd.tcpdump.pcap',
      pcapng: 'application/x-pcapng',
      txt: 'text/plain',
      json: 'application/json',
      csv: 'text/csv',
      xml: 'application/xml',
    });
    const jpeg = await w.upload('purple', testId, {
      name: 'PHOTO.JPEG',
      content: Buffer.concat([SAMPLES.jpg, Buffer.from('x')]),
    });
    expect(jpeg.statusCode, jpeg.body).toBe(201);
  });

  it('refuses content that lies about its type (415), storing nothing', async () => {
    const testId = await w.newTest();
    const before = await storedFiles(t);
    const lies: Array<[string, Buffer, string]> = [
      ['shot.pdf', SAMPLES.png, 'image/png'],
      ['shot.png', Buffer.from('this is no image at all, just random text'), 'unrecognised'],
      ['noise.png', Buffer.from([0x13, 0x37, 0xde, 0xad, 0xbe, 0xef, 0, 1, 2, 3]), 'unrecognised'],
      ['notes.txt', Buffer.from([0x48, 0x69, 0xff, 0xfe, 0x00, 0xc3]), 'not valid UTF-8'],
      ['truncated.log', Buffer.from('caf\xc3', 'latin1'), 'not valid UTF-8'],
      ['report.txt', Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n'), 'application/pdf'],
      ['archive.zip', SAMPLES.png, 'image/png'],
      ['events.evtx', SAMPLES.pcap, '.pcap'],
      ['trace.pcapng', SAMPLES.evtx, '.evtx'],
      ['data.csv', SAMPLES.zip, '.zip'],
      ['tool.exe', Buffer.from('MZ'), '.exe files are not accepted'],
      ['Makefile', Buffer.from('all:'), 'no extension'],
    ];
    const failures: string[] = [];
    for (const [name, content, hint] of lies) {
      const res = await w.upload('red', testId, { name, content });
      const body = res.json<{ code: string; detail: string }>();
      if (res.statusCode !== 415 || body.code !== 'unsupported_media_type') {
        failures.push(`${name}: ${res.statusCode} ${res.body}`);
      } else if (!body.detail.includes(hint)) failures.push(`${name}: detail ${body.detail}`);
    }
    expect(failures).toEqual([]);
    expect(await rowsOf(testId)).toEqual([]);
    expect(await storedFiles(t)).toEqual(before);
  });

  it('treats ../../etc/passwd as a harmless name: base name kept, bytes inside the root', async () => {
    const testId = await w.newTest();
    const bare = await w.upload('red', testId, { name: '../../etc/passwd', content: SAMPLES.txt });
    expect(bare.statusCode, bare.body).toBe(415);
    const res = await w.upload('red', testId, {
      name: '../../etc/passwd.txt',
      content: Buffer.from('root:x:0:0::/root:/bin/sh\n'),
    });
    expect(res.statusCode, res.body).toBe(201);
    const ev = EvidenceUploadResult.parse(res.json());
    expect(ev.original_filename).toBe('passwd.txt');
    const files = await storedFiles(t);
    expect(files).toContain(path.join(w.missionId, testId, `${ev.sha256}.txt`));
    expect(files.every((f) => !f.startsWith('..') && !path.isAbsolute(f))).toBe(true);
    const win = await w.upload('red', testId, {
      name: '..\\..\\Windows\\win\u0007.ini\u202e.txt',
      content: Buffer.from('[boot]\n'),
    });
    expect(win.statusCode, win.body).toBe(201);
    expect(EvidenceUploadResult.parse(win.json()).original_filename).toBe('win.ini.txt');
  });

  it('returns the existing record for the same bytes on the same test (no second row or audit)', async () => {
    const testId = await w.newTest();
    const first = await w.upload('red', testId, { name: 'a.png', content: SAMPLES.png });
    expect(first.statusCode, first.body).toBe(201);
    const again = await w.upload('blue', testId, { name: 'other-name.png', content: SAMPLES.png });
    expect(again.statusCode, again.body).toBe(200);
    const a = EvidenceUploadResult.parse(first.json());
    const b = EvidenceUploadResult.parse(again.json());
    expect(b).toEqual({ ...a, duplicate: true });
    expect(await rowsOf(testId)).toHaveLength(1);
    const audits = await t.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'evidence.uploaded'), eq(auditEvents.targetId, a.id)));
    expect(audits).toHaveLength(1);
    // Another test takes the same bytes as its own file.
    const other = await w.newTest();
    const elsewhere = await w.upload('red', other, { name: 'a.png', content: SAMPLES.png });
    expect(elsewhere.statusCode).toBe(201);
    // Once deleted, the same bytes make a new record again.
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/evidence/${a.id}`,
      headers: w.h.red,
    });
    expect(del.statusCode, del.body).toBe(204);
    const fresh = await w.upload('red', testId, { name: 'a.png', content: SAMPLES.png });
    expect(fresh.statusCode, fresh.body).toBe(201);
    expect(EvidenceUploadResult.parse(fresh.json()).id).not.toBe(a.id);
  });

  it('concurrent uploads of the same bytes make one record; the others get it back', async () => {
    const testId = await w.newTest();
    const content = Buffer.from('same bytes, three uploaders\n');
    const results = await Promise.all(
      (['red', 'blue', 'purple'] as const).map((who) =>
        w.upload(who, testId, { name: 'race.txt', content }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 200, 201]);
    const ids = new Set(results.map((r) => EvidenceUploadResult.parse(r.json()).id));
    expect(ids.size).toBe(1);
    expect(await rowsOf(testId)).toHaveLength(1);
    expect(await stagedFiles(t)).toEqual([]);
  });

  it('audits the upload and records a mission change in the same transaction', async () => {
    const testId = await w.newTest();
    const res = await w.upload(
      'red',
      testId,
      { name: 'x.json', content: SAMPLES.json },
      {
        caption: '  EDR console  ',
      },
    );
    expect(res.statusCode, res.body).toBe(201);
    const ev = EvidenceUploadResult.parse(res.json());
    expect(ev.caption).toBe('EDR console');
    const [audit] = await t.ctx.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.targetId, ev.id));
    expect(audit).toMatchObject({
      action: 'evidence.uploaded',
      targetType: 'evidence',
      missionId: w.missionId,
      actorUserId: w.userIds.red,
    });
    expect(audit?.after).toMatchObject({ sha256: ev.sha256, side: 'red', test_id: testId });
    const events = await t.ctx.db
      .select()
      .from(missionEvents)
      .where(eq(missionEvents.evidenceId, ev.id));
    expect(events.map((e) => e.kind)).toEqual(['evidence.added']);
  });

  it('stores and serves the bytes exactly', async () => {
    const testId = await w.newTest();
    const res = await w.upload('blue', testId, { name: 'notes.txt', content: SAMPLES.txt });
    const ev = EvidenceUploadResult.parse(res.json());
    const file = path.join(t.ctx.env.evidenceDir, w.missionId, testId, `${ev.sha256}.txt`);
    expect(await readFile(file)).toEqual(SAMPLES.txt);
    expect(ev.sha256).toBe(sha256(SAMPLES.txt));
  });
});
