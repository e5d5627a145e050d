import { Command, CommanderError } from 'commander';
import { EXIT, RemoteError } from './errors.js';
import { registerEvidenceCommands } from './evidence.js';
import { registerImportCommands } from './import.js';
import { registerMissionCommands } from './missions.js';
import { processIo, type RemoteIo } from './output.js';
import { registerReportCommand } from './report.js';
import { registerTestCommands } from './tests.js';

export { EXIT } from './errors.js';
export type { RemoteIo } from './output.js';

const EXIT_HELP = `
Connection: --url or METAMORPH_URL (default http://127.0.0.1:8080), --token or METAMORPH_TOKEN
(an API token; sent as Authorization: Bearer <token>).

Exit codes: 0 ok, 1 usage error, 2 the server refused the request (4xx; its detail and request
id are printed), 3 server error or server unreachable, 4 a job the command started failed.`;

/** `metamorph remote …`: an HTTP client of a running server, authenticated by an API token. */
export function remoteCommand(io: RemoteIo = processIo()): Command {
  const remote = new Command('remote')
    .description(
      'Work with a running server over HTTP with an API token (missions, tests, evidence, imports, reports)',
    )
    .option('--url <url>', 'server URL (or METAMORPH_URL)')
    .option('--token <token>', 'API token (or METAMORPH_TOKEN)')
    .option('--json', 'print machine-readable JSON (the API contract’s shapes)')
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .addHelpText('after', EXIT_HELP);
  registerMissionCommands(remote, io);
  registerTestCommands(remote, io);
  registerEvidenceCommands(remote, io);
  registerImportCommands(remote, io);
  registerReportCommand(remote, io);
  return remote;
}

/**
 * Runs `metamorph remote <args>` and answers its exit code (never exits the process): what the
 * bin and the tests call.
 */
export async function runRemote(args: string[], io: RemoteIo = processIo()): Promise<number> {
  const program = new Command('metamorph').exitOverride().configureOutput({
    writeOut: (s) => io.stdout.write(s),
    writeErr: (s) => io.stderr.write(s),
  });
  program.addCommand(remoteCommand(io));
  try {
    await program.parseAsync(['remote', ...args], { from: 'user' });
    return EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version exit 0; any parse error (unknown flag, missing argument) is a usage error.
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (err instanceof RemoteError) {
      io.stderr.write(`metamorph: ${err.message}\n`);
      if (err.problem && args.includes('--json')) {
        io.stdout.write(`${JSON.stringify({ error: err.problem }, null, 2)}\n`);
      }
      return err.exitCode;
    }
    io.stderr.write(
      `metamorph: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    return EXIT.server;
  }
}
