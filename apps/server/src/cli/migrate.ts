import type { Command } from 'commander';
import { describeDatabase, openAndMigrate } from '../bootstrap.js';
import { migrationStatus } from '../db/migrate.js';
import { parseEnv } from '../env.js';

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('Apply pending database migrations and exit')
    .action(async () => {
      const env = parseEnv();
      const log = {
        info: (_obj: unknown, msg?: string) => msg && process.stdout.write(`${msg}\n`),
        error: (obj: unknown, msg?: string) =>
          process.stderr.write(`${msg ?? ''} ${String(obj)}\n`),
      };
      const database = await openAndMigrate(env, log);
      try {
        const status = await migrationStatus(database);
        process.stdout.write(
          `${describeDatabase(env)}: ${status.applied}/${status.expected} migrations applied\n`,
        );
      } finally {
        await database.close();
      }
    });
}
