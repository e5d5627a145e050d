import {
  BLUE_FIELDS,
  BlueFields,
  ExecutionResult,
  GapReason,
  MissionTestDetail,
  MissionTestUpdate,
  RED_FIELDS,
  RedFields,
  type BlueField,
  type RedField,
} from '@metamorph/contract';
import { Option, type Command } from 'commander';
import type { z } from 'zod';
import { RemoteError, usageError } from './errors.js';
import { remoteContext, type RemoteIo } from './output.js';
import { testPath, version } from './args.js';

type Field = RedField | BlueField;

const SCHEMAS: Record<Field, z.ZodType> = { ...RedFields, ...BlueFields };
const FIELDS: { field: Field; side: 'red' | 'blue' }[] = [
  ...RED_FIELDS.map((field) => ({ field, side: 'red' as const })),
  ...BLUE_FIELDS.map((field) => ({ field, side: 'blue' as const })),
];

export const flagOf = (field: string): string => field.replaceAll('_', '-');
const camel = (field: string): string =>
  field.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

/** How a flag's text becomes the field's value, read from the contract's schema. */
type Kind = 'boolean' | 'json' | 'text';
function kindOf(schema: z.ZodType): Kind {
  if (schema.safeParse(true).success) return 'boolean';
  if (schema.safeParse([]).success) return 'json';
  return 'text';
}

function hint(field: Field, kind: Kind): string {
  if (kind === 'boolean') return 'true|false';
  if (kind === 'json') return 'a JSON array';
  if (field === 'execution_result') return ExecutionResult.options.join('|');
  if (field === 'gap_reason') return GapReason.options.join('|');
  if (field.endsWith('_at')) return 'ISO 8601 time with a zone, like 2026-11-29T14:05:00Z';
  if (field.endsWith('_id')) return 'UUID';
  return 'text';
}

function convert(field: Field, kind: Kind, text: string): unknown {
  if (kind === 'boolean') {
    if (/^(true|yes|1)$/i.test(text)) return true;
    if (/^(false|no|0)$/i.test(text)) return false;
    throw usageError(`--${flagOf(field)} must be true or false, not ${text}`);
  }
  if (kind === 'json') {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw usageError(`--${flagOf(field)} must be JSON (an array of objects)`);
    }
  }
  return text;
}

/** The MissionTestUpdate the flags describe; every problem named by its flag (exit 1). */
export function updateBody(
  opts: Record<string, unknown>,
  clear: string[],
): Omit<MissionTestUpdate, 'version'> {
  const body: Record<string, unknown> = {};
  for (const { field } of FIELDS) {
    const value = opts[camel(field)];
    if (typeof value === 'string') body[field] = convert(field, kindOf(SCHEMAS[field]), value);
  }
  for (const flag of clear) {
    const field = flag.replace(/^--/, '').replaceAll('-', '_');
    if (!(field in SCHEMAS)) {
      throw usageError(`--clear ${flag}: no such field (the field flags are listed in --help)`);
    }
    if (field in body) throw usageError(`--${flagOf(field)} is both set and cleared`);
    body[field] = null;
  }
  if (Object.keys(body).length === 0) {
    throw usageError(
      'nothing to update: give at least one field flag, like --red-command (see --help)',
    );
  }
  const parsed = MissionTestUpdate.safeParse(body);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const name = String(i.path[0] ?? '');
      const rest = i.path.slice(1).join('.');
      return `--${flagOf(name)}${rest ? ` (${rest})` : ''}: ${i.message}`;
    });
    throw usageError(lines.join('\n'));
  }
  return parsed.data;
}

/** A 409 version conflict, explained: what changed and how to go on. */
export function explainConflict(err: unknown, show: string): unknown {
  if (!(err instanceof RemoteError) || err.problem?.code !== 'version_conflict') return err;
  const now = err.problem.context?.current_version;
  return new RemoteError(
    err.exitCode,
    `${err.message}\nSomeone changed the test since you read it${typeof now === 'number' ? ` (it is now at version ${now})` : ''}. ` +
      `Nothing was written. Look at it with \`${show}\` and run the command again.`,
    err.problem,
  );
}

export function registerTestUpdate(test: Command, io: RemoteIo): void {
  const update = test
    .command('update <testId>')
    .description(
      'Set red and/or blue fields of a test (one flag per field; If-Match with its current version)',
    )
    .requiredOption('--mission <id>', 'mission id')
    .option(
      '--if-version <n>',
      'the version you checked (default: the version read just before writing)',
    )
    .option(
      '--clear <field>',
      'set a field to null, like --clear account-used (repeatable)',
      (v: string, acc: string[] | undefined) => [...(acc ?? []), v],
    );
  for (const { field, side } of FIELDS) {
    const kind = kindOf(SCHEMAS[field]);
    update.addOption(
      new Option(`--${flagOf(field)} <value>`, `${side}: ${field} (${hint(field, kind)})`),
    );
  }
  const flags = FIELDS.map(({ field }) => `--${flagOf(field)}`).join(', ');
  update.configureOutput({
    writeOut: (s) => io.stdout.write(s),
    writeErr: (s) => io.stderr.write(s),
    outputError: (s, write) =>
      write(
        s.includes('unknown option')
          ? `${s}test update takes one flag per field of the test: ${flags}\n`
          : s,
      ),
  });
  update.addHelpText(
    'after',
    '\nExample:\n  metamorph remote test update --mission <id> <testId> \\\n' +
      '    --red-command "whoami /all" --account-used CORP\\\\alice --executed-at 2026-11-29T14:05:00Z',
  );
  update.action(async (testId: string, opts: Record<string, unknown>, cmd: Command) => {
    const clear = Array.isArray(opts.clear) ? opts.clear.map(String) : [];
    const body = updateBody(opts, clear);
    const ifVersion = typeof opts.ifVersion === 'string' ? version(opts.ifVersion) : undefined;
    const c = remoteContext(cmd, io);
    const mission = String(opts.mission);
    const p = testPath(mission, testId);
    const current = ifVersion ?? (await c.client.json('GET', p, MissionTestDetail)).data.version;
    const show = `metamorph remote test show --mission ${mission} ${testId}`;
    let updated: MissionTestDetail;
    try {
      ({ data: updated } = await c.client.json('PUT', p, MissionTestDetail, {
        body,
        headers: { 'if-match': `"${current}"` },
      }));
    } catch (err) {
      throw explainConflict(err, show);
    }
    if (c.json) c.print(updated);
    else {
      c.out(
        `updated test ${updated.id}: ${Object.keys(body).join(', ')} (version ${current} → ${updated.version})`,
      );
    }
  });
}
