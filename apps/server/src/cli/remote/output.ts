import type { Command } from 'commander';
import { RemoteClient, resolveTarget } from './client.js';

type Stream = NodeJS.WritableStream & { isTTY?: boolean };

/** Where a remote command reads its environment and writes (tests pass their own). */
export interface RemoteIo {
  stdout: Stream;
  stderr: Stream;
  env: Record<string, string | undefined>;
}

export const processIo = (): RemoteIo => ({
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});

/** The options of `metamorph remote` every subcommand inherits. */
export interface GlobalOptions {
  url?: string;
  token?: string;
  json?: boolean;
}

/** What an action needs: the client, the output mode and the writers. */
export interface RemoteContext {
  client: RemoteClient;
  json: boolean;
  io: RemoteIo;
  /** One line on stdout. */
  out(line: string): void;
  /** A JSON document on stdout (the contract's shape), for `--json`. */
  print(value: unknown): void;
  /** A note on stderr (never mixed into stdout's JSON). */
  note(line: string): void;
}

export function remoteContext(cmd: Command, io: RemoteIo): RemoteContext {
  const g = cmd.optsWithGlobals<GlobalOptions>();
  const client = new RemoteClient(resolveTarget(g, io.env), io);
  return {
    client,
    json: g.json === true,
    io,
    out: (line) => io.stdout.write(`${line}\n`),
    print: (value) => io.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
    note: (line) => io.stderr.write(`${line}\n`),
  };
}

const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** A plain-text table: a header row, aligned columns, long cells cut. */
export function table(
  headers: string[],
  rows: (string | number | null | undefined)[][],
  maxWidth = 48,
): string {
  const cells = rows.map((r) =>
    r.map((c) => clip((c ?? '-').toString().replace(/\s+/g, ' '), maxWidth)),
  );
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]?.length ?? 0)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

/** `label: value` lines, labels aligned; empty values shown as `-`. */
export function fields(pairs: [string, string | number | boolean | null | undefined][]): string {
  const width = Math.max(...pairs.map(([k]) => k.length));
  return pairs
    .map(([k, v]) => {
      const text = v === null || v === undefined || v === '' ? '-' : String(v);
      const [first = '', ...rest] = text.split('\n');
      const pad = ' '.repeat(width + 2);
      return [`${`${k}:`.padEnd(width + 2)}${first}`, ...rest.map((l) => pad + l)].join('\n');
    })
    .join('\n');
}
