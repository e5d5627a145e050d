import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../src/db/schema/index.js';
import { keyId, SecretBox } from '../src/platform/secrets/secret-box.js';
import { metamorph, prepareCliDatabase } from './cli-run.js';
import { TEST_SECRET_KEY } from './test-keys.js';

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
const SECRET = 'JBSWY3DPEHPK3PXP';

describe('metamorph secrets rotate, and a start-up with the wrong key', () => {
  let target: Awaited<ReturnType<typeof prepareCliDatabase>>;
  const userId = randomUUID();
  const old = randomBytes(32);
  beforeAll(async () => {
    target = await prepareCliDatabase();
    // The embedded default reads DATA_DIR/secret.key; PostgreSQL reads the environment.
    if (!onPostgres)
      writeFileSync(path.join(target.env.DATA_DIR ?? '', 'secret.key'), old.toString('hex'));
    const database = await target.open();
    try {
      const now = new Date();
      await database.db.insert(users).values({
        id: userId,
        email: 'mfa@example.com',
        displayName: 'MFA user',
        createdAt: now,
        updatedAt: now,
        totpSecret: new SecretBox(old).seal(SECRET, `users.totp:${userId}`),
        totpEnabledAt: now,
      });
    } finally {
      await database.close();
    }
  });
  afterAll(async () => target.drop());

  const storedKeyId = async () => {
    const database = await target.open();
    try {
      const [row] = await database.db.select().from(users).where(eq(users.id, userId));
      return { id: SecretBox.keyIdOf(row?.totpSecret ?? ''), sealed: row?.totpSecret ?? '' };
    } finally {
      await database.close();
    }
  };

  it('re-seals every stored secret under the new key and says what to do next', async () => {
    const env = onPostgres
      ? { ...target.env, METAMORPH_SECRET_KEY_PREVIOUS: old.toString('hex') }
      : target.env;
    const run = await metamorph(['secrets', 'rotate'], env);
    expect(run.code, run.stderr).toBe(0);
    const dir = target.env.DATA_DIR ?? '';
    const current = onPostgres
      ? Buffer.from(TEST_SECRET_KEY, 'hex')
      : Buffer.from(readFileSync(path.join(dir, 'secret.key'), 'utf8').trim(), 'hex');
    expect(keyId(current)).not.toBe(keyId(old));
    expect(run.stdout).toContain(`re-sealed 1 stored secret(s) under key ${keyId(current)}`);
    const { id, sealed } = await storedKeyId();
    expect(id).toBe(keyId(current));
    expect(new SecretBox(current).open(sealed, `users.totp:${userId}`)).toBe(SECRET);
    if (onPostgres) {
      expect(run.stdout).toContain('METAMORPH_SECRET_KEY_PREVIOUS can be removed');
    } else {
      expect(readFileSync(path.join(dir, 'secret.key.old'), 'utf8').trim()).toBe(
        old.toString('hex'),
      );
      expect(existsSync(path.join(dir, 'secret.key.next'))).toBe(false);
    }
  }, 60_000);

  it('serve refuses to start with a key that does not open them, in one clear message', async () => {
    const wrong = randomBytes(32);
    const run = await metamorph(['serve'], {
      ...target.env,
      PORT: '0',
      METAMORPH_SECRET_KEY: wrong.toString('hex'),
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('METAMORPH_SECRET_KEY: stored two-factor secrets do not open');
    expect(run.stderr).toContain(`seals with key ${keyId(wrong)}`);
    expect(run.stderr).not.toContain(wrong.toString('hex'));
    expect(run.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
