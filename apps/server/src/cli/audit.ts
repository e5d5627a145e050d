import type { Command } from 'commander';
import { describeDatabase, openAndMigrate } from '../bootstrap.js';
import type { Db } from '../db/client.js';
import { parseEnv } from '../env.js';
import { verifyAuditChain, type VerifyResult } from '../platform/audit/audit.js';

export interface VerifyOutput {
  write(text: string): void;
  writeError(text: string): void;
}

/** One line per outcome; the JSON form is the same object as GET /api/audit/verify. */
export function formatVerifyResult(result: VerifyResult, json: boolean): string {
  if (json) return `${JSON.stringify(result)}\n`;
  if (result.ok) return `audit chain OK: ${result.checked} event(s) verified\n`;
  return (
    `audit chain BROKEN at event ${result.broken_at_seq}: ${result.reason}` +
    ` (${result.checked} event(s) before it verified)\n`
  );
}

/** Verifies the chain and reports it; returns the process exit code (1 when broken). */
export async function runAuditVerify(db: Db, out: VerifyOutput, json = false): Promise<number> {
  const result = await verifyAuditChain(db);
  const text = formatVerifyResult(result, json);
  if (result.ok || json) out.write(text);
  else out.writeError(text);
  return result.ok ? 0 : 1;
}

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('The tamper-evident audit log');
  audit
    .command('verify')
    .description(
      'Recompute the hash chain of the audit log in this process; exits 1 when it is broken ' +
        '(PGlite: stop the server first, or use GET /api/audit/verify)',
    )
    .option('--json', 'print the result as JSON')
    .action(async (opts: { json?: boolean }) => {
      const env = parseEnv();
      const log = {
        info: (_obj: unknown, msg?: string) => msg && process.stderr.write(`${msg}\n`),
        error: (obj: unknown, msg?: string) =>
          process.stderr.write(`${msg ?? ''} ${String(obj)}\n`),
      };
      const database = await openAndMigrate(env, log);
      try {
        if (!opts.json)
          process.stdout.write(`verifying the audit log of ${describeDatabase(env)}\n`);
        process.exitCode = await runAuditVerify(
          database.db,
          {
            write: (text) => process.stdout.write(text),
            writeError: (text) => process.stderr.write(text),
          },
          opts.json ?? false,
        );
      } finally {
        await database.close();
      }
    });
}
