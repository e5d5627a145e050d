import { createHash, randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { MissionPlan, MissionScenario } from '@metamorph/contract';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { login, loginAdmin, type Headers } from '../../../test/auth-helpers.js';
import { createUser } from '../../../test/factories.js';
import type { TestApp } from '../../../test/harness.js';
import { STAGING_DIR } from '../../platform/blob/fs-evidence-store.js';
import { createTemplate } from '../library/test-library.js';
import { addMember, createClient, createMission } from '../missions/test-missions.js';

export type Who =
  'anonymous' | 'outsider' | 'viewer' | 'red' | 'blue' | 'purple' | 'lead' | 'admin';

/** Small valid samples of every default evidence type. */
export const SAMPLES = {
  png: Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
    'base64',
  ),
  jpg: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1]),
  gif: Buffer.concat([Buffer.from('GIF89a'), Buffer.from([1, 0, 1, 0, 0, 0, 0, 0x3b])]),
  webp: Buffer.concat([
    Buffer.from('RIFF'),
    Buffer.from([26, 0, 0, 0]),
    Buffer.from('WEBPVP8 '),
    Buffer.alloc(18),
  ]),
  pdf: Buffer.from(
    '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n',
    'latin1',
  ),
  zip: Buffer.concat([Buffer.from([0x50, 0x4b, 0x05, 0x06]), Buffer.alloc(18)]),
  evtx: Buffer.concat([Buffer.from('ElfFile\0', 'latin1'), Buffer.alloc(120)]),
  pcap: Buffer.concat([Buffer.from([0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0]), Buffer.alloc(16)]),
  pcapng: Buffer.concat([Buffer.from([0x0a, 0x0d, 0x0d, 0x0a, 28, 0, 0, 0]), Buffer.alloc(20)]),
  txt: Buffer.from('Mimikatz ran at 10:02 — détecté par l’EDR ✔\n'),
  json: Buffer.from('{"alert":"T1059.001","severity":"high"}'),
  csv: Buffer.from('time,host,event\n10:02,ws01,4104\n'),
  xml: Buffer.from('<?xml version="1.0"?><Events><Event id="4104"/></Events>'),
} as const;

export const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

export interface FilePart {
  name: string;
  /** Bytes, or the path of a file to stream. */
  content: Buffer | string;
}

/** A multipart body streamed part by part (big files are read from disk, never buffered). */
export function multipart(
  file: FilePart | null,
  fields: Record<string, string> = {},
  opts: { fieldsAfterFile?: boolean } = {},
) {
  const boundary = `----metamorph${randomBytes(8).toString('hex')}`;
  const field = (k: string, v: string) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  async function* body() {
    if (!opts.fieldsAfterFile) for (const [k, v] of Object.entries(fields)) yield field(k, v);
    if (file) {
      yield Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\n` +
          'Content-Type: application/octet-stream\r\n\r\n',
      );
      if (typeof file.content === 'string') {
        for await (const chunk of createReadStream(file.content)) yield chunk as Buffer;
      } else yield file.content;
      yield Buffer.from('\r\n');
    }
    if (opts.fieldsAfterFile) for (const [k, v] of Object.entries(fields)) yield field(k, v);
    yield Buffer.from(`--${boundary}--\r\n`);
  }
  return {
    payload: Readable.from(body()),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** Writes `size` bytes (magic + random) to a file in 1 MiB chunks; returns its SHA-256. */
export async function bigFile(file: string, size: number, magic: Buffer): Promise<string> {
  const hash = createHash('sha256');
  const out = createWriteStream(file);
  let left = size;
  let first = true;
  while (left > 0) {
    let chunk = randomBytes(Math.min(left, 1 << 20));
    if (first) {
      magic.copy(chunk);
      first = false;
    }
    chunk = chunk.subarray(0, Math.min(chunk.length, left));
    hash.update(chunk);
    left -= chunk.length;
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await finished(out);
  return hash.digest('hex');
}

/** Every file under the evidence root (relative paths), staging included. */
export async function storedFiles(t: TestApp): Promise<string[]> {
  const root = t.ctx.env.evidenceDir;
  try {
    const entries = await readdir(root, { recursive: true, withFileTypes: true });
    return entries
      .filter((e) => e.isFile())
      .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
      .sort();
  } catch {
    return [];
  }
}

export const stagedFiles = async (t: TestApp) =>
  (await storedFiles(t)).filter((f) => f.startsWith(`${STAGING_DIR}${path.sep}`));

export interface EvidenceWorld {
  t: TestApp;
  h: Record<Who, Headers>;
  userIds: Record<'red' | 'blue' | 'purple' | 'viewer' | 'lead', string>;
  missionId: string;
  /** A fresh test in the mission (hidden from blue when asked). */
  newTest(opts?: { hidden?: boolean }): Promise<string>;
  upload(
    who: Who,
    testId: string,
    file: FilePart | null,
    fields?: Record<string, string>,
    opts?: { fieldsAfterFile?: boolean; missionId?: string },
  ): Promise<LightMyRequestResponse>;
}

/** A mission with one member per role (viewer holds both global rights), an outsider, admin. */
export async function evidenceWorld(t: TestApp): Promise<EvidenceWorld> {
  const admin = await loginAdmin(t);
  const make = async (roleKeys: string[]) => {
    const u = await createUser(t, { roleKeys });
    return { id: u.id, h: await login(t, u.email, u.password) };
  };
  const lead = await make(['purple_lead']);
  const red = await make(['red_operator']);
  const blue = await make(['blue_analyst']);
  const purple = await make(['red_operator', 'blue_analyst']);
  const viewer = await make(['viewer', 'red_operator', 'blue_analyst']);
  const outsider = await make(['purple_lead', 'red_operator', 'blue_analyst']);
  const client = await createClient(t, lead.h, `Client ${lead.id.slice(0, 8)}`);
  const missionId = (await createMission(t, lead.h, client.id, { name: 'Evidence' })).id;
  for (const [who, role] of [
    [red, 'red'],
    [blue, 'blue'],
    [purple, 'purple'],
    [viewer, 'viewer'],
  ] as const) {
    await addMember(t, lead.h, missionId, who.id, role);
  }
  const tpl = await createTemplate(t, admin, { name: 'Evidence step' });
  const h: Record<Who, Headers> = {
    anonymous: {},
    outsider: outsider.h,
    viewer: viewer.h,
    red: red.h,
    blue: blue.h,
    purple: purple.h,
    lead: lead.h,
    admin,
  };
  const newTest = async (opts: { hidden?: boolean } = {}) => {
    const added = await t.app.inject({
      method: 'POST',
      url: `/api/missions/${missionId}/scenarios`,
      headers: lead.h,
      payload: { test_template_ids: [tpl.id] },
    });
    expect(added.statusCode, added.body).toBe(201);
    const testId = MissionScenario.parse(added.json()).tests[0]?.id;
    if (!testId) throw new Error('the scenario holds no test');
    if (opts.hidden) {
      const res = await t.app.inject({
        method: 'PATCH',
        url: `/api/missions/${missionId}/tests/${testId}/plan`,
        headers: lead.h,
        payload: { hidden_from_blue: true },
      });
      expect(res.statusCode, res.body).toBe(200);
      const plan = MissionPlan.parse(
        (await t.app.inject({ url: `/api/missions/${missionId}/plan`, headers: lead.h })).json(),
      );
      const test = plan.scenarios.flatMap((s) => s.tests).find((x) => x.id === testId);
      expect(test?.hidden_from_blue).toBe(true);
    }
    return testId;
  };
  return {
    t,
    h,
    userIds: { red: red.id, blue: blue.id, purple: purple.id, viewer: viewer.id, lead: lead.id },
    missionId,
    newTest,
    upload(who, testId, file, fields = {}, opts = {}) {
      const body = multipart(file, fields, opts);
      return t.app.inject({
        method: 'POST',
        url: `/api/missions/${opts.missionId ?? missionId}/tests/${testId}/evidence`,
        headers: { ...h[who], ...body.headers },
        payload: body.payload,
      });
    },
  };
}

/**
 * A raw HTTP evidence upload that will never finish: request line, headers (declaring
 * `declaredBytes`), the file part's head and a pcap magic are written; the caller writes more
 * body and then destroys the socket, as a client that vanishes mid-file.
 */
export async function openCutUpload(
  port: number,
  url: string,
  auth: Headers,
  declaredBytes: number,
): Promise<Socket> {
  const boundary = `----metamorph${randomBytes(8).toString('hex')}`;
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.on('error', () => undefined);
  const headers = {
    host: `127.0.0.1:${port}`,
    'content-type': `multipart/form-data; boundary=${boundary}`,
    'content-length': String(declaredBytes),
    ...auth,
  };
  socket.write(
    `POST ${url} HTTP/1.1\r\n` +
      Object.entries(headers)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('') +
      '\r\n' +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cut.pcap"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  );
  socket.write(SAMPLES.pcap);
  return socket;
}
