import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { Permission } from '@metamorph/contract';
import { tokenHeaders } from '../../../test/auth-helpers.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { freePort } from '../../../test/server-process.js';
import {
  automationWorld,
  fixture,
  type AutomationWorld,
  type Who,
} from '../../modules/automation/test-automation.js';
import { runRemote } from './index.js';

/** Collects what a command writes. */
class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `metamorph remote <args>` in this process, its output captured. */
export async function runCaptured(
  args: string[],
  env: Record<string, string | undefined>,
): Promise<CliResult> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await runRemote(args, { stdout, stderr, env });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/**
 * The automation world (a mission with three tests, a lead, red, blue and an outsider) served on
 * a real port, API tokens for its people, a job pump, and `cli()`: `metamorph remote …` run
 * in-process against it.
 */
export interface RemoteWorld {
  t: TestApp;
  w: AutomationWorld;
  url: string;
  tokens: Record<Exclude<Who, 'admin'>, string>;
  dir: string;
  /** Writes a file in the world's temp folder; answers its path. */
  file(name: string, content: string | Buffer): string;
  fixturePath(name: string): string;
  cli(args: string[], opts?: { token?: string; url?: string }): Promise<CliResult>;
  close(): Promise<void>;
}

const SCOPES: Record<Exclude<Who, 'admin'>, Permission[]> = {
  lead: [
    'mission.manage',
    'mission.write_red_fields',
    'mission.write_blue_fields',
    'report.export',
  ],
  red: ['mission.write_red_fields'],
  blue: ['mission.write_blue_fields'],
  outsider: ['mission.manage', 'report.export'],
};

export async function remoteWorld(): Promise<RemoteWorld> {
  const t = await createTestApp();
  const w = await automationWorld(t);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  const tokens = {} as Record<Exclude<Who, 'admin'>, string>;
  for (const who of Object.keys(SCOPES) as (keyof typeof SCOPES)[]) {
    const { authorization } = await tokenHeaders(t, w.h[who], SCOPES[who], `cli ${who}`);
    tokens[who] = authorization.replace(/^Bearer /, '');
  }
  // The app runs jobs only when asked (harness): pump them while the commands follow them.
  let pumping = false;
  const pump = setInterval(() => {
    if (pumping) return;
    pumping = true;
    void t.ctx.runner.runOnce().finally(() => (pumping = false));
  }, 50);
  const dir = mkdtempSync(path.join(tmpdir(), 'mm-remote-'));
  const fixtures = mkdtempSync(path.join(dir, 'fixtures-'));
  return {
    t,
    w,
    url,
    tokens,
    dir,
    file(name, content) {
      const p = path.join(dir, name);
      writeFileSync(p, content);
      return p;
    },
    fixturePath(name) {
      const p = path.join(fixtures, name);
      writeFileSync(p, fixture(name));
      return p;
    },
    cli: (args, opts = {}) =>
      runCaptured(args, {
        METAMORPH_URL: opts.url ?? url,
        METAMORPH_TOKEN: opts.token ?? tokens.lead,
      }),
    async close() {
      clearInterval(pump);
      while (pumping) await new Promise((r) => setTimeout(r, 20));
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A URL nothing listens on. */
export const deadUrl = async (): Promise<string> => `http://127.0.0.1:${await freePort()}`;
