import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from '../../env.js';
import { openSecretBox } from './keys.js';
import { keyId, SecretBox, SecretKeyMismatch } from './secret-box.js';

const KEY = Buffer.alloc(32, 1);
const OTHER = Buffer.alloc(32, 2);

describe('SecretBox (AES-256-GCM)', () => {
  const box = new SecretBox(KEY);

  it('round-trips, never shows the plaintext, and seals the same text differently each time', () => {
    const a = box.seal('JBSWY3DPEHPK3PXP', 'users.totp:1');
    const b = box.seal('JBSWY3DPEHPK3PXP', 'users.totp:1');
    expect(a).not.toBe(b);
    expect(a).not.toContain('JBSWY3DPEHPK3PXP');
    expect(a.startsWith(`mm1.${keyId(KEY)}.`)).toBe(true);
    expect(SecretBox.isSealed(a)).toBe(true);
    expect(SecretBox.keyIdOf(a)).toBe(keyId(KEY));
    expect(box.open(a, 'users.totp:1')).toBe('JBSWY3DPEHPK3PXP');
  });

  it('refuses another context, a flipped byte, a truncated value and an unknown key', () => {
    const sealed = box.seal('secret', 'users.totp:1');
    expect(() => box.open(sealed, 'users.totp:2')).toThrow(SecretKeyMismatch);
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3] ?? '', 'base64url');
    body[0] = (body[0] ?? 0) ^ 1;
    parts[3] = body.toString('base64url');
    expect(() => box.open(parts.join('.'), 'users.totp:1')).toThrow(/does not open/);
    expect(() => box.open(`${parts.slice(0, 3).join('.')}.AAAA`, 'users.totp:1')).toThrow(
      /truncated/,
    );
    expect(() => new SecretBox(OTHER).open(sealed, 'users.totp:1')).toThrow(/not configured/);
  });

  it('opens values of a previous key, and seals only with the current one', () => {
    const old = new SecretBox(OTHER).seal('s', 'c');
    const rotated = new SecretBox(KEY, [OTHER]);
    expect(rotated.open(old, 'c')).toBe('s');
    expect(SecretBox.keyIdOf(rotated.seal('s', 'c'))).toBe(keyId(KEY));
  });
});

describe('where the key comes from', () => {
  it('METAMORPH_SECRET_KEY takes 64 hex characters or base64; a bad one is named, never echoed', () => {
    const hex = randomBytes(32).toString('hex');
    expect(parseEnv({ METAMORPH_SECRET_KEY: hex }).secretKeys.current?.toString('hex')).toBe(hex);
    const b64 = randomBytes(32).toString('base64');
    expect(parseEnv({ METAMORPH_SECRET_KEY: b64 }).secretKeys.current?.toString('base64')).toBe(
      b64,
    );
    try {
      parseEnv({ METAMORPH_SECRET_KEY: 'hunter2-not-a-key' });
      expect.unreachable('a short key must be refused');
    } catch (err) {
      expect(err).toBeInstanceOf(EnvError);
      expect((err as EnvError).message).toContain('METAMORPH_SECRET_KEY: must be 32 random bytes');
      expect((err as EnvError).message).not.toContain('hunter2');
    }
    expect(() => parseEnv({ METAMORPH_SECRET_KEY_PREVIOUS: `${hex},nope` })).toThrow(
      /METAMORPH_SECRET_KEY_PREVIOUS: each key must be/,
    );
  });

  it('PostgreSQL without a key refuses to start, saying what to set', () => {
    const env = parseEnv({ DATABASE_URL: 'postgres://x@127.0.0.1/db' });
    expect(() => openSecretBox(env)).toThrow(/METAMORPH_SECRET_KEY: required with DATABASE_URL/);
  });

  it('the embedded default generates DATA_DIR/secret.key once (0600) and reuses it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mm-keys-'));
    try {
      const env = parseEnv({ DATA_DIR: dir });
      const first = openSecretBox(env);
      const file = path.join(dir, 'secret.key');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(readFileSync(file, 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
      expect(openSecretBox(env).currentKeyId).toBe(first.currentKeyId);
      writeFileSync(file, 'garbage\n');
      expect(() => openSecretBox(env)).toThrow(/must hold 64 hex characters/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
