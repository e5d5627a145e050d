import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXECUTION_IMPORT_LIMITS } from '@metamorph/contract';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { multipartFiles } from '../../../test/multipart.js';
import { automationWorld, fixture, type AutomationWorld } from './test-automation.js';

const attireDoc = (procedures: unknown[], version = '1.1') =>
  Buffer.from(
    JSON.stringify({
      'attire-version': version,
      'execution-data': { 'execution-source': 'Invoke-Atomicredteam', target: { host: 'WS01' } },
      procedures,
    }),
  );
const procedure = (technique: string, command: string, output = 'ok') => ({
  'mitre-technique-id': technique,
  'procedure-name': `Run ${technique}`,
  order: 1,
  steps: [
    {
      order: 1,
      'time-start': '2026-11-30T09:00:00Z',
      'time-stop': '2026-11-30T09:00:01Z',
      command,
      output: [{ content: output, level: 'STDOUT', type: 'console' }],
    },
  ],
});

/** Refusals name the problem and change nothing; hostile content never crashes the import. */
describe('execution import: bad input', () => {
  let t: TestApp;
  let w: AutomationWorld;
  let url: string;
  const untouched = async () => {
    const d = await w.test(w.tests.transfer);
    expect(d.state).toBe('pending');
    expect(d.red_command).toBeNull();
  };
  beforeAll(async () => {
    t = await createTestApp();
    w = await automationWorld(t);
    url = `/api/missions/${w.missionId}/import/execution`;
  });
  afterAll(() => t.close());

  it('refuses callers without a red role before reading the upload; hides the mission from outsiders', async () => {
    const files = [{ name: 'a.json', content: fixture('attire-run.json') }];
    expect((await w.post('blue', files)).statusCode).toBe(403);
    expect((await w.post('outsider', files)).statusCode).toBe(404);
    const body = multipartFiles(files);
    const anon = await t.app.inject({
      method: 'POST',
      url,
      payload: body.payload,
      headers: body.headers,
    });
    expect(anon.statusCode).toBe(401);
    await untouched();
  });

  it('refuses a body that is not multipart, unknown fields, bad flags and no file, keeping no upload', async () => {
    const json = await t.app.inject({
      method: 'POST',
      url,
      payload: { files: [] },
      headers: w.h.red,
    });
    expect(json.statusCode).toBe(415);
    const files = [{ name: 'a.json', content: fixture('attire-run.json') }];
    const unknown = await w.post('red', files, { overwrite_all: 'true' });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().detail).toContain('overwrite_all');
    const flag = await w.post('red', files, { overwrite: 'maybe' });
    expect(flag.statusCode).toBe(422);
    expect(flag.json().errors[0]).toMatchObject({
      path: 'overwrite',
      message: 'must be true or false',
    });
    const only = await w.post('red', files, { only: 'a.json' });
    expect(only.statusCode).toBe(422);
    expect(only.json().errors[0]).toMatchObject({ path: 'only' });
    const none = await w.post('red', [], { dry_run: 'true' });
    expect(none.statusCode).toBe(400);
    const { createHash } = await import('node:crypto');
    const sha = createHash('sha256').update(fixture('attire-run.json')).digest('hex');
    expect(await t.blobs.has(sha)).toBe(false);
    await untouched();
  });

  it('reports unusable files one by one and applies the rest', async () => {
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(fixture('art-log.csv').toString('utf8'), 'utf16le'),
    ]);
    const { report } = await w.run(
      'red',
      [
        { name: 'broken.json', content: Buffer.from('{"attire-version": "1.1", "procedures": [') },
        { name: 'future.json', content: attireDoc([procedure('T1105', 'x')], '2.0') },
        {
          name: 'shape.json',
          content: Buffer.from('{"attire-version": "1.0", "procedures": {"a": 1}}'),
        },
        { name: 'other.json', content: Buffer.from('{"operation": "caldera?"}') },
        { name: 'image.png', content: Buffer.from('89504e470d0a1a0a0000000d49484452ff', 'hex') },
        { name: 'notes.txt', content: Buffer.from('just some notes') },
        { name: 'utf16.csv', content: utf16 },
      ],
      { dry_run: 'true' },
    );
    const errors = Object.fromEntries(report!.files.map((f) => [f.name, f.error]));
    expect(errors['broken.json']).toMatch(/^Malformed JSON/);
    expect(errors['future.json']).toBe('ATTiRe version "2.0" is not supported (only 1.x)');
    expect(errors['shape.json']).toMatch(/^Not an ATTiRe 1.x document: procedures/);
    expect(errors['other.json']).toMatch(/not an ATTiRe log/);
    expect(errors['image.png']).toMatch(/not text|Neither/);
    expect(errors['notes.txt']).toMatch(/^Neither an ATTiRe JSON log nor/);
    expect(errors['utf16.csv']).toBeNull(); // Windows PowerShell's UTF-16 is read
    expect(report!.rows.filter((r) => r.file === 'utf16.csv').map((r) => r.outcome)).toEqual([
      'filled',
      'filled',
      'error',
    ]);
  });

  it('cuts a 50 MB output with a marker, replaces NUL, keeps lone surrogates out', async () => {
    const huge = 'A'.repeat(50 * 1024 * 1024);
    const { job, report } = await w.run('red', [
      { name: 'huge.json', content: attireDoc([procedure('T1105', 'run\u0000me \ud800', huge)]) },
    ]);
    expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
    expect(report!.rows[0]!.notes).toContain('The output was cut to the size a test keeps');
    const d = await w.test(w.tests.transfer);
    expect(d.red_output!.length).toBeLessThanOrEqual(EXECUTION_IMPORT_LIMITS.maxOutputChars);
    expect(d.red_output).toMatch(/\[cut by Metamorph's import: \d+ more characters\]$/);
    expect(d.red_command).toBe('run\uFFFDme \uFFFD');
  });

  it('a database failure late in the import writes nothing of it', async () => {
    await t.ctx.db.execute(
      sql.raw(`create function metamorph_test_fail() returns trigger language plpgsql as $$
        begin if new.red_command = 'boom' then raise exception 'simulated storage failure'; end if;
        return new; end $$`),
    );
    await t.ctx.db.execute(
      sql.raw(`create trigger metamorph_test_fail before update on mission_tests
        for each row execute function metamorph_test_fail()`),
    );
    try {
      const before = await w.test(w.tests.cradle);
      const doc = attireDoc([
        {
          ...procedure('T1059.001', 'first'),
          'procedure-id': { type: 'guid', id: '3c4f5a6b-7d8e-4f90-a1b2-c3d4e5f60718' },
        },
        {
          ...procedure('T1059.001', 'boom'),
          'procedure-id': { type: 'guid', id: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f2a3b4c5d' },
        },
      ]);
      const { job } = await w.run('red', [{ name: 'fails.json', content: doc }]);
      expect(job.status).toBe('failed');
      expect(job.error).toMatch(/simulated storage failure/);
      const after = await w.test(w.tests.cradle);
      expect(after.version).toBe(before.version);
      expect(after.red_command).toBeNull();
    } finally {
      await t.ctx.db.execute(sql.raw('drop trigger metamorph_test_fail on mission_tests'));
      await t.ctx.db.execute(sql.raw('drop function metamorph_test_fail()'));
    }
  });
});
