import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../index.js';
import { deadUrl, runCaptured } from './test-remote.js';

const MISSION = '0f6d3c1e-5b7a-4c1d-9e2f-3a4b5c6d7e8f';
const TEST = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';

/** Commands that never reach a server, and answers no real server gives. */
describe('metamorph remote without a server', () => {
  let fake: Server;
  let fakeUrl: string;
  const cli = (args: string[], env: Record<string, string> = {}) =>
    runCaptured(args, { METAMORPH_URL: fakeUrl, METAMORPH_TOKEN: 't'.repeat(40), ...env });
  beforeAll(async () => {
    // 500 with a problem on /api/missions, a body outside the contract on the plan.
    fake = createServer((req, res) => {
      if (req.url?.startsWith('/api/missions?')) {
        res.writeHead(500, {
          'content-type': 'application/problem+json',
          'x-request-id': 'req-500',
        });
        res.end(
          JSON.stringify({
            type: 'https://metamorph.dev/problems/internal-error',
            title: 'Internal server error',
            status: 500,
            code: 'internal_error',
            detail: 'Something went wrong on our side',
            requestId: 'req-500',
          }),
        );
        return;
      }
      if (req.url?.endsWith('/plan')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ scenarios: 'none' }));
        return;
      }
      res.writeHead(502, { 'content-type': 'text/html', 'x-request-id': 'req-502' });
      res.end('<h1>Bad gateway</h1>');
    });
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
    fakeUrl = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => fake.close(() => resolve())));

  it('is registered in the metamorph program', () => {
    const remote = buildProgram().commands.find((c) => c.name() === 'remote');
    expect(remote?.commands.map((c) => c.name())).toEqual([
      'missions',
      'tests',
      'test',
      'evidence',
      'import',
      'report',
    ]);
  });

  it('documents in README only commands and flags that exist', () => {
    const readme = readFileSync(new URL('../../../../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('### Remote client'), readme.indexOf('\n## API'));
    const lines = [...section.matchAll(/metamorph remote [^`\n]+/g)]
      .map((x) => x[0])
      .filter((l) => !l.endsWith('…'));
    expect(lines.length).toBeGreaterThanOrEqual(10);
    const remote = buildProgram().commands.find((c) => c.name() === 'remote')!;
    const globals = remote.options.map((o) => o.long);
    for (const line of lines) {
      const words = line.split(' | ')[0]!.replace(/\\\|/g, '|').split(/\s+/).slice(2);
      let cmd = remote;
      for (const w of words) {
        const sub = cmd.commands.find((c) => c.name() === w);
        if (!sub) break;
        cmd = sub;
      }
      expect(cmd, line).not.toBe(remote);
      const known = [...globals, ...cmd.options.flatMap((o) => [o.long, o.short])];
      for (const flag of line.split(' | ')[0]!.match(/(?<=^|[\s[])--?[a-z][a-z-]*/g) ?? []) {
        expect(known, `${line}: ${flag}`).toContain(flag);
      }
    }
  });

  it('answers --help on every command and subcommand with exit 0', async () => {
    const paths = [
      [],
      ['missions'],
      ['missions', 'list'],
      ['tests'],
      ['tests', 'list'],
      ['test'],
      ['test', 'show'],
      ['test', 'update'],
      ['test', 'transition'],
      ['evidence'],
      ['evidence', 'upload'],
      ['import'],
      ['import', 'execution'],
      ['report'],
    ];
    for (const p of paths) {
      const res = await cli([...p, '--help']);
      expect(res.code, p.join(' ')).toBe(0);
      expect(res.stdout).toContain(`Usage: metamorph remote ${p.join(' ')}`.trimEnd());
    }
    const top = await cli(['--help']);
    expect(top.stdout).toMatch(/Exit codes: 0 ok, 1 usage error, 2 .*4xx/s);
    const update = await cli(['test', 'update', '--help']);
    expect(update.stdout).toContain('--red-command <value>');
    expect(update.stdout).toContain('--gap-reason <value>');
  });

  it('exits 1 on an unknown command, without a token, with a bad id or URL; nothing is sent', async () => {
    const unknown = await cli(['frobnicate']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
    const noToken = await cli(['missions', 'list'], { METAMORPH_TOKEN: '' });
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toContain('an API token is needed: --token or METAMORPH_TOKEN');
    const badId = await cli(['test', 'show', '--mission', 'nope', TEST]);
    expect(badId.code).toBe(1);
    expect(badId.stderr).toContain('--mission must be a UUID');
    const badUrl = await cli(['missions', 'list', '--url', 'ftp://x']);
    expect(badUrl.code).toBe(1);
    expect(badUrl.stderr).toContain('--url must be http:// or https://');
  });

  it('exits 3 when the server cannot be reached, fails (5xx) or answers outside the contract', async () => {
    const url = await deadUrl();
    const dead = await cli(['missions', 'list', '--url', url]);
    expect(dead.code).toBe(3);
    expect(dead.stderr).toContain(`cannot reach ${url}: connect ECONNREFUSED`);
    const failed = await cli(['missions', 'list']);
    expect(failed.code).toBe(3);
    expect(failed.stderr).toContain(
      'GET /api/missions: 500 internal_error: Something went wrong on our side',
    );
    expect(failed.stderr).toContain('request id: req-500');
    const odd = await cli(['tests', 'list', '--mission', MISSION]);
    expect(odd.code).toBe(3);
    expect(odd.stderr).toContain('unexpected answer');
    const proxy = await cli(['test', 'show', '--mission', MISSION, TEST]);
    expect(proxy.code).toBe(3);
    expect(proxy.stderr).toMatch(
      /HTTP 502 Bad Gateway: <h1>Bad gateway<\/h1>\n {2}request id: req-502/,
    );
  });
});
