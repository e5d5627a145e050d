import { existsSync } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';

import { parseEnv } from '../env.js';
import {
  attackTempDir,
  startAttackSync,
  type AttackImportPayload,
} from '../modules/attack/index.js';
import { cliAuditContext, runJobHere, withAppContext } from './app-context.js';

export function registerAttackCommands(program: Command): void {
  const attack = program.command('attack').description('MITRE ATT&CK catalog');
  attack
    .command('import <fileOrUrl>')
    .description(
      'Import an ATT&CK STIX bundle (file or http(s) URL) in this process, with a progress bar',
    )
    .action(async (source: string) => {
      const env = parseEnv();
      const audit = cliAuditContext();
      const job = await withAppContext(env, async (ctx) => {
        let payload: AttackImportPayload;
        const requestedBy = audit.actor?.email;
        if (/^https?:\/\//i.test(source)) {
          payload = { url: source, source, requested_by: requestedBy };
        } else {
          const file = path.resolve(source);
          if (!existsSync(file)) throw new Error(`no such file: ${file}`);
          const tmp = path.join(attackTempDir(ctx), `cli-${process.pid}-${Date.now()}.json`);
          await mkdir(path.dirname(tmp), { recursive: true });
          await copyFile(file, tmp);
          const { sha256 } = await ctx.blobs.putFile(tmp);
          payload = {
            blob: sha256,
            source: `file:${path.basename(file)}`,
            requested_by: requestedBy,
          };
        }
        const row = await startAttackSync(ctx, audit, payload);
        return runJobHere(ctx, row.id);
      });
      if (job.status === 'succeeded') {
        process.stdout.write(`${JSON.stringify(job.result, null, 2)}\n`);
      } else {
        process.stderr.write(`attack import ${job.status}: ${job.error ?? ''}\n`);
        process.exitCode = 1;
      }
    });
}
