import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Database, RawQuery } from './client.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));
const MIGRATE_LOCK_KEY = 7_342_118_001; // arbitrary, stable: serialises concurrent migrators

export interface Migration {
  tag: string;
  hash: string;
  statements: string[];
}

export interface MigrationStatus {
  applied: number;
  expected: number;
  pending: string[];
}

interface Journal {
  entries: { idx: number; tag: string }[];
}

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const journal = JSON.parse(readFileSync(`${dir}/meta/_journal.json`, 'utf8')) as Journal;
  return [...journal.entries]
    .sort((a, b) => a.idx - b.idx)
    .map(({ tag }) => {
      const text = readFileSync(`${dir}/${tag}.sql`, 'utf8');
      return {
        tag,
        hash: createHash('sha256').update(text).digest('hex'),
        statements: text
          .split('--> statement-breakpoint')
          .map((s) => s.trim())
          .filter(Boolean),
      };
    });
}

const CREATE_TABLE = `create table if not exists metamorph_migrations (
  tag text primary key,
  hash text not null,
  applied_at timestamptz not null default now()
)`;

/**
 * Applies pending migrations in one transaction under an advisory lock, so two
 * instances starting together never race and a failure leaves the schema unchanged.
 */
export async function migrate(
  database: Database,
  migrations = loadMigrations(),
): Promise<string[]> {
  return database.rawTransaction(async (q) => {
    await q('select pg_advisory_xact_lock($1)', [MIGRATE_LOCK_KEY]);
    await q(CREATE_TABLE);
    const applied = await appliedTags(q);
    const done: string[] = [];
    for (const m of migrations) {
      const hash = applied.get(m.tag);
      if (hash !== undefined) {
        if (hash !== m.hash) {
          throw new Error(
            `Migration ${m.tag} was applied with different content (hash ${hash.slice(0, 12)}…); ` +
              'migrations are immutable once released',
          );
        }
        continue;
      }
      for (const statement of m.statements) await q(statement);
      await q('insert into metamorph_migrations (tag, hash) values ($1, $2)', [m.tag, m.hash]);
      done.push(m.tag);
    }
    return done;
  });
}

async function appliedTags(q: RawQuery): Promise<Map<string, string>> {
  const rows = await q<{ tag: string; hash: string }>('select tag, hash from metamorph_migrations');
  return new Map(rows.map((r) => [r.tag, r.hash]));
}

export async function migrationStatus(
  database: Database,
  migrations = loadMigrations(),
): Promise<MigrationStatus> {
  const exists = await database.query<{ present: boolean }>(
    "select to_regclass('metamorph_migrations') is not null as present",
  );
  const applied = exists[0]?.present
    ? new Set(
        (await database.query<{ tag: string }>('select tag from metamorph_migrations')).map(
          (r) => r.tag,
        ),
      )
    : new Set<string>();
  const pending = migrations.filter((m) => !applied.has(m.tag)).map((m) => m.tag);
  return { applied: migrations.length - pending.length, expected: migrations.length, pending };
}
