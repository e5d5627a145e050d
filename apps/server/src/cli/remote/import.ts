import {
  EXECUTION_IMPORT_LIMITS,
  ExecutionImportReport,
  JobAccepted,
  type ExecutionImportRow,
} from '@metamorph/contract';
import type { Command } from 'commander';
import { missionPath } from './args.js';
import { EXIT, RemoteError, usageError } from './errors.js';
import { fileBlob } from './evidence.js';
import { remoteContext, table, type RemoteContext, type RemoteIo } from './output.js';

interface ImportOptions {
  mission: string;
  createUnmatched?: boolean;
  overwrite?: boolean;
  dryRun?: boolean;
  only?: string;
}

function details(r: ExecutionImportRow): string {
  const parts: string[] = [];
  if (r.filled.length) parts.push(`filled ${r.filled.join(',')}`);
  if (r.overwritten.length) parts.push(`overwrote ${r.overwritten.join(',')}`);
  if (r.conflicts.length) parts.push(`differs: ${r.conflicts.map((x) => x.field).join(',')}`);
  if (r.executed) parts.push('→ executed');
  parts.push(...r.notes);
  return parts.join('; ');
}

/** The per-procedure report as a table, files that were refused, and the totals. */
export function printImportReport(c: RemoteContext, report: ExecutionImportReport): void {
  if (c.json) {
    c.print(report);
    return;
  }
  for (const f of report.files.filter((x) => x.error !== null)) {
    c.out(`file ${f.name} refused: ${f.error ?? ''}`);
  }
  if (report.rows.length > 0) {
    c.out(
      table(
        ['procedure', 'technique', 'name', 'outcome', 'test', 'details'],
        report.rows.map((r) => [
          `${r.file}#${r.index}`,
          r.technique_id,
          r.name,
          r.outcome,
          r.test_name,
          details(r),
        ]),
        60,
      ),
    );
  }
  const totals = Object.entries(report.totals)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
  const mode = report.dry_run
    ? 'dry run, nothing written'
    : report.applied
      ? 'applied'
      : 'nothing written';
  c.out(`${report.rows.length} procedures (${totals || 'none'}): ${mode}`);
  if (!report.overwrite && (report.totals.conflict ?? 0) > 0) {
    c.out(
      'Conflicting procedures changed nothing; re-run with --overwrite (and --only file#index) to replace.',
    );
  }
}

/** `remote import execution`: automation logs → a job with a per-procedure report. */
export function registerImportCommands(remote: Command, io: RemoteIo): void {
  remote
    .command('import')
    .description('Import results into a mission')
    .command('execution <files...>')
    .description(
      'Import ATTiRe JSON or Invoke-AtomicRedTeam CSV logs: match each procedure to a test and fill empty red fields',
    )
    .requiredOption('--mission <id>', 'mission id')
    .option('--create-unmatched', 'create an ad hoc test for a procedure that matches none')
    .option('--overwrite', 'replace red fields a person filled (audited)')
    .option('--dry-run', 'report what would happen, write nothing')
    .option('--only <procedures>', 'apply only these procedures, as file#index,… (from a report)')
    .action(async (files: string[], opts: ImportOptions, cmd: Command) => {
      if (files.length > EXECUTION_IMPORT_LIMITS.maxFiles) {
        throw usageError(`at most ${EXECUTION_IMPORT_LIMITS.maxFiles} files in one import`);
      }
      const p = `${missionPath(opts.mission)}/import/execution`;
      const c = remoteContext(cmd, io);
      const form = new FormData();
      if (opts.createUnmatched) form.append('create_unmatched', 'true');
      if (opts.overwrite) form.append('overwrite', 'true');
      if (opts.dryRun) form.append('dry_run', 'true');
      if (opts.only !== undefined) form.append('only', opts.only);
      for (const file of files) {
        const { blob, name } = await fileBlob(file);
        form.append('file', blob, name);
      }
      const { data } = await c.client.json('POST', p, JobAccepted, { body: form, timeoutMs: null });
      const job = await c.client.followJob(data.job);
      const report = ExecutionImportReport.safeParse(job.result);
      if (!report.success)
        throw new RemoteError(EXIT.server, `job ${job.id} succeeded without a report`);
      printImportReport(c, report.data);
    });
}
