import type { Command } from 'commander';
import pino from 'pino';
import { openAndMigrate } from '../bootstrap.js';
import { parseEnv } from '../env.js';
import { resealTotpSecrets } from '../modules/auth/index.js';
import { systemClock } from '../platform/clock.js';
import { nextFileKey, openSecretBox, promoteNextFileKey } from '../platform/secrets/keys.js';
import { cliAuditContext } from './app-context.js';

/**
 * `metamorph secrets rotate`. With METAMORPH_SECRET_KEY: re-seals every stored secret under it
 * (the old key listed in METAMORPH_SECRET_KEY_PREVIOUS, so both open meanwhile). With the
 * embedded key file: writes DATA_DIR/secret.key.next, re-seals under it in one transaction,
 * then makes it secret.key and keeps the old one as secret.key.old.
 */
export async function rotateSecrets(write: (line: string) => void): Promise<void> {
  const env = parseEnv();
  const fileKey = env.secretKeys.current === undefined && env.databaseUrl === undefined;
  const box = fileKey ? nextFileKey(env) : openSecretBox(env);
  const database = await openAndMigrate(env, pino({ level: 'warn' }));
  let count: number;
  try {
    count = await resealTotpSecrets(database.db, systemClock, cliAuditContext(), box);
  } finally {
    await database.close();
  }
  if (fileKey) promoteNextFileKey(env);
  write(`re-sealed ${count} stored secret(s) under key ${box.currentKeyId}\n`);
  write(
    fileKey
      ? `${env.dataDir}/secret.key is the new key; the previous one is kept as secret.key.old\n`
      : 'every stored secret now opens with METAMORPH_SECRET_KEY alone: ' +
          'METAMORPH_SECRET_KEY_PREVIOUS can be removed from every process\n',
  );
}

export function registerSecretsCommands(program: Command): void {
  const secrets = program
    .command('secrets')
    .description('Secrets stored in the database (TOTP secrets), sealed with AES-256-GCM');
  secrets
    .command('rotate')
    .description(
      'Re-seal every stored secret under the current key (see README, "Secrets at rest")',
    )
    .action(async () => {
      await rotateSecrets((line) => process.stdout.write(line));
    });
}
