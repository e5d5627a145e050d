import { Command, CommanderError } from 'commander';
import { DataDirLockedError } from '../db/lock.js';
import { EnvError, parseEnv } from '../env.js';
import { DomainError } from '../platform/errors.js';
import { VERSION } from '../version.js';
import { registerAttackCommands } from './attack.js';
import { registerLibraryCommands } from './library.js';
import { registerAuditCommands } from './audit.js';
import { registerJobCommands } from './job.js';
import { registerMigrateCommand } from './migrate.js';
import { remoteCommand, runRemote } from './remote/index.js';
import { registerSecretsCommands } from './secrets.js';
import { registerUserCommands } from './user.js';

/** Known start-up failures are printed as one clear message; anything else with its stack. */
function reportAndExit(err: unknown): never {
  if (err instanceof EnvError || err instanceof DataDirLockedError || err instanceof DomainError) {
    process.stderr.write(`metamorph: ${err.message}\n`);
  } else if (err instanceof CommanderError) {
    process.exit(err.exitCode);
  } else {
    process.stderr.write(
      `metamorph: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
  }
  process.exit(1);
}

export function buildProgram(): Command {
  const program = new Command('metamorph')
    .description('Metamorph purple-team platform: server and administration')
    .version(VERSION)
    .showHelpAfterError()
    .exitOverride();
  program
    .command('serve')
    .description('Start the web server (migrates the database first); the default command')
    .action(async () => {
      const { serve } = await import('../serve.js');
      await serve(parseEnv());
    });
  registerMigrateCommand(program);
  registerUserCommands(program);
  registerJobCommands(program);
  registerAuditCommands(program);
  registerAttackCommands(program);
  registerLibraryCommands(program);
  registerSecretsCommands(program);
  program.addCommand(remoteCommand());
  return program;
}

export async function runCli(argv: string[]): Promise<void> {
  // The API client answers its own exit codes (README, "Remote client").
  if (argv[0] === 'remote') {
    process.exitCode = await runRemote(argv.slice(1));
    return;
  }
  try {
    await buildProgram().parseAsync(argv.length === 0 ? ['serve'] : argv, { from: 'user' });
  } catch (err) {
    reportAndExit(err);
  }
}
