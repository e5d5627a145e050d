import type { Command } from 'commander';
import { describeDatabase, openAndMigrate } from '../bootstrap.js';
import type { Db } from '../db/client.js';
import { parseEnv } from '../env.js';
import { parseAnchor, verifyAuditChain, type VerifyResult } from '../platform/audit/audit.js';

export interface VerifyOutput {
  write(text: string): void;
  writeError(text: string): void;
}

/** One line per outcome; the JSON form is the same object as GET /api/audit/verify. */
export function formatVerifyResult(result: VerifyResult, json: boolean): string {
  if (json) return `${JSON.stringify(result)}\n`;
  if (result.ok) {
    const head = result.head_seq ? `; head ${result.head_seq}:${result.head_hash}` : '';
    return `audit chain OK: ${result.checked} event(s) verified${head}\n`;
  }
  return (
    `audit chain BROKEN at event ${result.broken_at_seq}: ${result.reason}` +
    ` (${result.checked} event(s) before it verified)\n`
  );
}

/** Verifies the chain and reports it; returns the process exit code (1 when broken). */
export async function runAuditVerify(
  db: Db,
  out: VerifyOutput,
  json = false,
  anchor?: string,
): Promise<number> {
  const result = await verifyAuditChain(db, { anchor: parseAnchor(anchor) });
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
    .option(
      '--anchor <seq:hash>',
      'a head printed by an earlier verify: fails if the log no longer reaches it',
    )
    .action(async (opts: { json?: boolean; anchor?: string }) => {
      if (opts.anchor && !/^\d{1,15}:[0-9a-f]{64}$/.test(opts.anchor)) {
        throw new Error('--anchor must be <seq>:<sha256 hex>, as printed by audit verify');
      }
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
          opts.anchor,
        );
      } finally {
        await database.close();
      }
    });
}
