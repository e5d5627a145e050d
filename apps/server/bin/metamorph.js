#!/usr/bin/env node
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/index.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('metamorph: the server is not built yet; run `npm run build` first\n');
  process.exit(1);
}
const args = process.argv.slice(2);
if (args[0] === 'remote') {
  // The API client needs none of the server: load only it (starts in a fraction of the time).
  const { runRemote } = await import(new URL('../dist/cli/remote/index.js', import.meta.url).href);
  process.exitCode = await runRemote(args.slice(1));
} else {
  const { runCli } = await import(entry.href);
  await runCli(args);
}
