import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { AtomicsImportResult } from '@metamorph/contract';
import { parseEnv } from '../env.js';
import { startAtomicsImport } from '../modules/library/index.js';
import { cliAuditContext, runJobHere, withAppContext } from './app-context.js';

/** The per-file report, failures first, and the totals. */
function printReport(result: AtomicsImportResult): void {
  const out = process.stdout;
  for (const f of result.files) {
    if (
      f.status === 'failed' ||
      f.errors.length > 0 ||
      f.warnings.length > 0 ||
      f.unknown_attack_ids.length > 0
    ) {
      out.write(`${f.status.padEnd(9)} ${f.file}\n`);
      for (const e of f.errors) out.write(`          ${e}\n`);
      for (const w of f.warnings) out.write(`          (note) ${w}\n`);
      if (f.unknown_attack_ids.length > 0) {
        out.write(`          unknown to the ATT&CK catalog: ${f.unknown_attack_ids.join(', ')}\n`);
      }
    }
  }
  const t = result.totals;
  out.write(
    `files ${t.files} (failed ${t.failed_files}) · tests imported ${t.imported}, updated ${t.updated}, unchanged ${t.unchanged}, failed ${t.failed} · scenarios ${t.scenarios}\n`,
  );
}

export function registerLibraryCommands(program: Command): void {
  const library = program.command('library').description('Scenario and test library');
  library
    .command('import-atomics <path>')
    .description(
      'Import Atomic Red Team tests from a .yaml file, a folder (e.g. atomics/) or a zip, with a progress bar',
    )
    .option('--scenario-per-technique', 'also create one scenario template per technique', false)
    .option('--json', 'print the whole report as JSON', false)
    .action(async (source: string, opts: { scenarioPerTechnique: boolean; json: boolean }) => {
      const env = parseEnv();
      const audit = cliAuditContext();
      const target = path.resolve(source);
      if (!existsSync(target)) throw new Error(`no such file or folder: ${target}`);
      const job = await withAppContext(env, async (ctx) => {
        const row = await startAtomicsImport(ctx, audit, {
          path: target,
          scenario_per_technique: opts.scenarioPerTechnique,
          requested_by: audit.actor?.email,
        });
        return runJobHere(ctx, row.id);
      });
      if (job.status !== 'succeeded') {
        process.stderr.write(`library import-atomics ${job.status}: ${job.error ?? ''}\n`);
        process.exitCode = 1;
        return;
      }
      const result = AtomicsImportResult.parse(job.result);
      if (opts.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else printReport(result);
      if (result.totals.failed_files > 0 || result.totals.failed > 0) process.exitCode = 2;
    });
}
