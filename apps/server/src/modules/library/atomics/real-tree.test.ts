import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAtomicsFile } from './parse.js';
import { filesFromPath, filesFromZip, type AtomicsSourceFile } from './sources.js';
import { buildZip, type TestZipEntry } from './test-zip.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function collect(gen: AsyncGenerator<AtomicsSourceFile>) {
  const out: Array<{ name: string; text?: string; error?: string }> = [];
  for await (const f of gen) {
    out.push(
      'error' in f
        ? { name: f.name, error: f.error }
        : { name: f.name, text: f.content.toString('utf8') },
    );
  }
  return out;
}

async function put(rel: string, content: Buffer) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'metamorph-art-'));
  dirs.push(dir);
  const file = path.join(dir, rel);
  await writeFile(file, content);
  return file;
}

/** The real Atomic Red Team tree in the shared data, when present. */
const REPO_ROOT = path.resolve(here, '../../../../../..'); // atomics → library → modules → src → server → apps → root
const SHARED_DATA = process.env.METAMORPH_SHARED_DATA ?? path.resolve(REPO_ROOT, '../shared/data');
const REAL_TREE = path.join(SHARED_DATA, 'atomic-red-team', 'atomics');
const haveRealTree = existsSync(REAL_TREE);
if (!haveRealTree) {
  console.warn(`skipping the real Atomic Red Team tree test: ${REAL_TREE} is absent`);
}

describe('the real Atomic Red Team tree', () => {
  it.skipIf(!haveRealTree)('parses every test of every file', { timeout: 120_000 }, async () => {
    const started = performance.now();
    const files = await collect(filesFromPath(REAL_TREE));
    const read = performance.now();
    const parsed = files.map((f) => parseAtomicsFile(f.name, Buffer.from(f.text ?? '', 'utf8')));
    const done = performance.now();
    console.log(
      `real ART tree: ${files.length} files read in ${Math.round(read - started)} ms, ` +
        `parsed in ${Math.round(done - read)} ms`,
    );

    expect(files.filter((f) => f.error !== undefined)).toEqual([]);
    expect(files).toHaveLength(330);
    expect(files.every((f) => /^(T\d{4}(\.\d{3})?)\/\1\.yaml$/.test(f.name))).toBe(true);
    expect(parsed.flatMap((p) => p.errors.map((e) => `${p.file}: ${e}`))).toEqual([]);
    expect(parsed.flatMap((p) => p.warnings)).toEqual([]);
    const tests = parsed.flatMap((p) => p.tests);
    expect(tests).toHaveLength(1775);
    expect(new Set(tests.map((t) => t.key)).size).toBe(1775);

    const executors = new Map<string, number>();
    for (const t of tests) {
      const name = t.fields.executor?.name ?? 'none';
      executors.set(name, (executors.get(name) ?? 0) + 1);
    }
    expect(Object.fromEntries(executors)).toEqual({
      powershell: 694,
      command_prompt: 553,
      sh: 399,
      bash: 114,
      manual: 15,
    });
    for (const t of tests.filter((x) => x.fields.executor?.name === 'manual')) {
      expect(t.fields.executor?.steps_md?.trim()).not.toBe('');
      expect(t.fields.procedure_md).toBe(t.fields.executor?.steps_md);
    }
    // Technique ids newer than ATT&CK v18.1 (the shared catalog) are kept.
    const ids = new Set(tests.flatMap((t) => t.attack_ids));
    expect(ids.size).toBe(330);
    expect(ids.has('T1690')).toBe(true);
    expect(tests.filter((t) => t.fields.input_arguments.length > 0)).toHaveLength(1017);
    expect(tests.filter((t) => t.fields.dependencies.length > 0)).toHaveLength(715);
  });

  it.skipIf(!haveRealTree)('reads the same tree from a zip', { timeout: 120_000 }, async () => {
    const entries: TestZipEntry[] = [];
    for await (const f of filesFromPath(REAL_TREE)) {
      if ('content' in f)
        entries.push({ name: `atomic-red-team/atomics/${f.name}`, data: f.content });
    }
    const file = await put('real.zip', buildZip(entries));
    const started = performance.now();
    let count = 0;
    for await (const f of filesFromZip(file)) {
      expect('error' in f ? f.error : null).toBeNull();
      if ('content' in f) count += parseAtomicsFile(f.name, f.content).tests.length;
    }
    console.log(
      `real ART tree from a zip: read and parsed in ${Math.round(performance.now() - started)} ms`,
    );
    expect(count).toBe(1775);
  });
});
