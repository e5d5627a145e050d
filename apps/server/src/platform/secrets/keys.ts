import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EnvError, type Env } from '../../env.js';
import { SecretBox } from './secret-box.js';

/** The embedded default's key files, in DATA_DIR (mode 0600). */
export const KEY_FILE = 'secret.key';
/** A rotation in progress: the key being moved to (read too, so a crash loses nothing). */
export const NEXT_KEY_FILE = 'secret.key.next';
/** The key before the last rotation (read, never used to seal). */
export const OLD_KEY_FILE = 'secret.key.old';

function readKeyFile(file: string): Buffer | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  if (!/^[0-9a-f]{64}$/.test(text)) {
    throw new EnvError([`${file}: must hold 64 hex characters (a 256-bit key); it does not`]);
  }
  return Buffer.from(text, 'hex');
}

/** Writes a new random key to `file` unless one is there; returns the key in the file. */
function ensureKeyFile(file: string): Buffer {
  mkdirSync(path.dirname(file), { recursive: true });
  try {
    writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const key = readKeyFile(file);
  if (!key) throw new Error(`${file} vanished`);
  return key;
}

/**
 * The process's secret box. `METAMORPH_SECRET_KEY` (and `…_PREVIOUS`) when set; else, on the
 * embedded database, `DATA_DIR/secret.key`, generated at first start. With PostgreSQL the key
 * must come from the environment: every process has to share it, and a key generated on one
 * machine's disk would lock the others out.
 */
export function openSecretBox(env: Env): SecretBox {
  const { current, previous } = env.secretKeys;
  if (current) return new SecretBox(current, previous);
  if (env.databaseUrl) {
    throw new EnvError([
      'METAMORPH_SECRET_KEY: required with DATABASE_URL (PostgreSQL) — every server process ' +
        'seals and opens secrets with it; generate one with `openssl rand -hex 32`',
    ]);
  }
  const dir = env.dataDir;
  const key = ensureKeyFile(path.join(dir, KEY_FILE));
  const older = [NEXT_KEY_FILE, OLD_KEY_FILE]
    .map((f) => readKeyFile(path.join(dir, f)))
    .filter((k): k is Buffer => k !== undefined);
  return new SecretBox(key, [...older, ...previous]);
}

/** Rotation of the embedded key, step 1: the next key (created once, reused after a crash). */
export function nextFileKey(env: Env): SecretBox {
  const dir = env.dataDir;
  const next = ensureKeyFile(path.join(dir, NEXT_KEY_FILE));
  const older = [KEY_FILE, OLD_KEY_FILE]
    .map((f) => readKeyFile(path.join(dir, f)))
    .filter((k): k is Buffer => k !== undefined);
  return new SecretBox(next, [...older, ...env.secretKeys.previous]);
}

/** Step 2, once every value is sealed under the next key: it becomes the key; the old one stays. */
export function promoteNextFileKey(env: Env): void {
  const dir = env.dataDir;
  renameSync(path.join(dir, KEY_FILE), path.join(dir, OLD_KEY_FILE));
  renameSync(path.join(dir, NEXT_KEY_FILE), path.join(dir, KEY_FILE));
}
