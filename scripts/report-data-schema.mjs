#!/usr/bin/env node
// `npm run schemas`: writes docs/report-data.schema.json from the contract's zod schema
// (packages/contract/src/api/report-data.ts), then formats it with Prettier. The contract test
// report-data-schema.test.ts fails when the file and the schema drift apart.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = 'docs/report-data.schema.json';
const { reportDataJsonSchema } = await import(
  new URL('../packages/contract/dist/index.js', import.meta.url).href
);
writeFileSync(`${root}/${out}`, `${JSON.stringify(reportDataJsonSchema(), null, 2)}\n`);
const fmt = spawnSync('npx', ['prettier', '--write', out], { cwd: root, stdio: 'inherit' });
process.exit(fmt.status ?? 1);
