import { CreateUserRequest, type User } from '@metamorph/contract';
import type { Command } from 'commander';
import { inArray } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { roles } from '../db/schema/index.js';
import { parseEnv } from '../env.js';
import { findUserByEmail } from '../kernel/identity.repo.js';
import { UsersService } from '../modules/users/index.js';
import { DomainError } from '../platform/errors.js';
import { cliAuditContext, withAppContext } from './app-context.js';

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

function describe(u: User): string {
  const status = u.disabled
    ? 'disabled'
    : u.must_change_password
      ? 'must change password'
      : 'active';
  return `${u.email}\t${u.display_name}\t${u.roles.map((r) => r.key ?? r.name).join(',') || '-'}\t${status}`;
}

async function userId(ctx: AppContext, email: string): Promise<string> {
  const row = await findUserByEmail(ctx.db, email);
  if (!row) throw new DomainError('not_found', `No user with email ${email}`);
  return row.id;
}

/** Runs a user command; a domain error (unknown email, policy) becomes a one-line message. */
function run(fn: (ctx: AppContext, users: UsersService) => Promise<void>): () => Promise<void> {
  return async () => {
    try {
      await withAppContext(parseEnv(), (ctx) => fn(ctx, new UsersService(ctx)));
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      process.stderr.write(`metamorph: ${err.message}\n`);
      process.exitCode = 1;
    }
  };
}

export function registerUserCommands(program: Command): void {
  const user = program
    .command('user')
    .description('Manage local accounts (database opened in-process)');
  user
    .command('create <email>')
    .description(
      'Create an account; prints a generated password that must be changed at first sign-in',
    )
    .option('--name <name>', 'display name')
    .option('--role <key...>', 'built-in or custom role keys/names, e.g. red_operator', [])
    .action(async (email: string, opts: { name?: string; role: string[] }) =>
      run(async (ctx, users) => {
        const wanted = opts.role;
        const found = wanted.length
          ? await ctx.db.select().from(roles).where(inArray(roles.key, wanted))
          : [];
        const missing = wanted.filter((k) => !found.some((r) => r.key === k));
        if (missing.length)
          throw new DomainError('validation_failed', `Unknown role ${missing.join(', ')}`);
        const body = CreateUserRequest.parse({
          email,
          display_name: opts.name ?? email.split('@')[0],
          role_ids: found.map((r) => r.id),
        });
        const created = await users.create(cliAuditContext(), body);
        out(`created ${describe(created.user)}`);
        if (created.initial_password) out(`initial password: ${created.initial_password}`);
      })(),
    );
  user
    .command('reset-password <email>')
    .description('Set a new random password (printed once) and end the user’s sessions')
    .action(async (email: string) =>
      run(async (ctx, users) => {
        const res = await users.resetPassword(cliAuditContext(), await userId(ctx, email), {});
        out(`new password for ${res.user.email}: ${res.initial_password ?? '(unchanged)'}`);
        out('It must be changed at the next sign-in.');
      })(),
    );
  for (const [name, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    user
      .command(`${name} <email>`)
      .description(
        disabled ? 'Disable an account: sessions end, API tokens stop' : 'Re-enable an account',
      )
      .action(async (email: string) =>
        run(async (ctx, users) => {
          const u = await users.update(cliAuditContext(), await userId(ctx, email), { disabled });
          out(`${name}d ${describe(u)}`);
        })(),
      );
  }
  user
    .command('list')
    .description('List accounts')
    .action(async () =>
      run(async (_ctx, users) => {
        let cursor: string | undefined;
        out('email\tname\troles\tstatus');
        do {
          const page = await users.list(cliAuditContext(), { limit: 200, cursor });
          page.items.forEach((u) => out(describe(u)));
          cursor = page.next_cursor ?? undefined;
        } while (cursor);
      })(),
    );
}
