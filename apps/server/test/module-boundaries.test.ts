import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Linter } from 'eslint';
import { parser } from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import boundaries from '../../../scripts/eslint/module-boundaries.js';

const src = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'src');

/** Lints one import line as if it stood in `file` (relative to apps/server/src). */
function lint(file: string, code: string) {
  const linter = new Linter({ configType: 'flat' });
  return linter.verify(
    code,
    [
      {
        files: ['**/*.ts'],
        languageOptions: { parser },
        plugins: { metamorph: boundaries },
        rules: { 'metamorph/module-boundaries': 'error' },
      },
    ],
    path.join(src, file),
  );
}

describe('the module boundary lint rule', () => {
  it('fails a deep import into another module', () => {
    const messages = lint(
      'modules/results/read.ts',
      "import { recordChange } from '../execution/changes.js';",
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]?.message).toMatch(/internal file of module 'execution'/);
  });

  it("passes another module's index, the module's own files, platform and db", () => {
    const code = [
      "import { executionModule } from '../execution/index.js';",
      "import { x } from './local.js';",
      "import { y } from './sub/deeper.js';",
      "import { DomainError } from '../../platform/errors.js';",
      "import { missions } from '../../db/schema/index.js';",
    ].join('\n');
    expect(lint('modules/results/read.ts', code)).toEqual([]);
  });

  it('lets app.ts and cli/ compose from the module registry, and no module', () => {
    const code = "import { modules } from './modules/index.js';";
    expect(lint('app.ts', code)).toEqual([]);
    expect(lint('cli/serve.ts', "import { modules } from '../modules/index.js';")).toEqual([]);
    const messages = lint('modules/results/read.ts', "import { modules } from '../index.js';");
    expect(messages[0]?.message).toMatch(/module registry/);
  });

  it('keeps platform and db below the modules', () => {
    const messages = lint('platform/jobs/x.ts', "import { a } from '../../modules/jobs/index.js';");
    expect(messages[0]?.message).toMatch(/below the modules/);
  });

  it('finds no deep import anywhere in the server source (there is no allowlist)', () => {
    // The same files as the eslint config: test files and test helpers may reach into fixtures.
    const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !path.basename(f).startsWith('test-'),
    );
    expect(files.length).toBeGreaterThan(100);
    const problems = files.flatMap((f) =>
      lint(f, readFileSync(path.join(src, f), 'utf8'))
        // Only this rule is loaded: other rules' disable comments and names are not problems here.
        .filter((m) => m.ruleId === 'metamorph/module-boundaries' || m.fatal)
        .map((m) => `${f}: ${m.message}`),
    );
    expect(problems).toEqual([]);
  }, 120_000); // parses every source file (a few seconds, more on a loaded machine)
});
