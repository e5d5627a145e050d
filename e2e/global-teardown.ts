import { copyFile, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { getServerState } from './global-setup.js';
import { OUTPUT_DIR } from './paths.js';
import { stopServer } from './server.js';

/** Stops the server (SIGTERM, SIGKILL after 10 s), keeps its log, removes the temp dir. */
export default async function globalTeardown(): Promise<void> {
  const state = getServerState();
  if (!state) return;
  const { server, runDir, sso } = state;
  const result = await stopServer(server.child, 10_000);
  await sso.close();
  const how = result.killed
    ? `did not exit within 10 s of SIGTERM and was killed`
    : `exited in ${result.ms} ms (code ${result.code}, signal ${result.signal})`;
  console.log(`[e2e] Metamorph server ${how}`);
  if (result.killed || result.code !== 0 || result.ms > 5000) {
    console.warn('[e2e] WARNING: the server should exit 0 within 5 s of SIGTERM');
  }
  await new Promise<void>((resolve) => server.log.end(resolve));
  try {
    await mkdir(OUTPUT_DIR, { recursive: true });
    await copyFile(path.join(runDir, 'server.log'), path.join(OUTPUT_DIR, 'server.log'));
  } catch (err) {
    console.warn(`[e2e] could not keep the server log: ${String(err)}`);
  }
  await rm(runDir, { recursive: true, force: true });
}
