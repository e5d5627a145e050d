#!/usr/bin/env node
// `npm start`: build whatever is missing or stale, then run the server (PGlite by default).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const stamp = path.join(root, 'node_modules', '.cache', 'metamorph-build-stamp');
const sources = [
  'packages/contract/src',
  'packages/contract/package.json',
  'apps/server/src',
  'apps/server/migrations',
  'apps/server/package.json',
  'apps/web/src',
  'apps/web/index.html',
  'apps/web/vite.config.ts',
  'apps/web/package.json',
  'package-lock.json',
];
const outputs = [
  'packages/contract/dist/index.js',
  'apps/server/dist/main.js',
  'apps/web/dist/index.html',
];

function newest(p) {
  const full = path.join(root, p);
  if (!existsSync(full)) return 0;
  const st = statSync(full);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(full).reduce((m, e) => Math.max(m, newest(path.join(p, e))), st.mtimeMs);
}

const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
const stale =
  outputs.some((o) => !existsSync(path.join(root, o))) || sources.some((s) => newest(s) > built);

if (stale) {
  console.log('Building Metamorph (first start or sources changed)…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const res = spawnSync(npm, ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (res.status !== 0) process.exit(res.status ?? 1);
  mkdirSync(path.dirname(stamp), { recursive: true });
  writeFileSync(stamp, new Date().toISOString());
}

const { runCli } = await import(new URL('../apps/server/dist/cli/index.js', import.meta.url).href);
await runCli(['serve', ...process.argv.slice(2)]);
