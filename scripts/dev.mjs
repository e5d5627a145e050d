#!/usr/bin/env node
// `npm run dev`: the server from source (restarts on change) and Vite with hot reload.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const children = [
  spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', '--watch', 'apps/server/src/main.ts'],
    {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, JOB_WORKERS: process.env.JOB_WORKERS ?? '1' },
    },
  ),
  spawn('npm', ['run', 'dev', '-w', '@metamorph/web'], { cwd: root, stdio: 'inherit' }),
];
const stop = () => children.forEach((c) => c.exitCode === null && c.kill('SIGTERM'));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const c of children) c.on('exit', stop);
