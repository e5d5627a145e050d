import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalS3, type LocalS3 } from './s3-server.js';
import { freePort, startServer, waitReady, type ServerProcess } from './server-process.js';

describe('EVIDENCE_STORE=s3 in the real server process', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'mm-s3-serve-'));
  let s3: LocalS3;
  let proc: ServerProcess | undefined;
  beforeAll(async () => {
    s3 = await startLocalS3();
  });
  afterAll(async () => {
    if (proc && proc.child.exitCode === null) proc.child.kill('SIGKILL');
    await s3.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts on the bucket: the banner names it and /readyz reports the s3 store', async () => {
    const port = await freePort();
    proc = startServer({ PORT: String(port), DATA_DIR: dir, ...s3.env });
    await waitReady(port, proc);
    expect(proc.stdout()).toContain(
      `  evidence: s3://${s3.config.bucket}/ (${s3.config.endpoint})`,
    );
    const ready = (await (await fetch(`http://127.0.0.1:${port}/readyz`)).json()) as unknown;
    expect(ready).toMatchObject({ status: 'ready', evidence: 's3' });
    proc.child.kill('SIGTERM');
    expect(await proc.exit).toBe(0);
  }, 120_000);

  it('refuses to start when the endpoint is down, in one line naming the bucket', async () => {
    const port = await freePort();
    const down = startServer({
      PORT: String(port),
      DATA_DIR: dir,
      ...s3.env,
      S3_ENDPOINT: 'http://127.0.0.1:9',
    });
    expect(await down.exit).toBe(1);
    expect(down.output()).toContain(
      `EVIDENCE_STORE=s3: cannot use the S3 bucket ${s3.config.bucket} at http://127.0.0.1:9`,
    );
    expect(down.output()).not.toMatch(/\n\s+at /);
  }, 120_000);
});
