import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, users } from '../src/db/schema/index.js';
import { EnvError } from '../src/env.js';
import { resealTotpSecrets } from '../src/modules/auth/index.js';
import { enrolMfa, passwordStep, secondFactor, totpAt } from '../src/modules/auth/mfa/test-mfa.js';
import { systemAuditContext } from '../src/platform/audit/audit.js';
import { keyId, SecretBox } from '../src/platform/secrets/secret-box.js';
import { createUser } from './factories.js';
import { createTestApp, type TestApp } from './harness.js';
import { TEST_SECRET_KEY } from './test-keys.js';

const stored = async (t: TestApp, id: string) => {
  const [row] = await t.ctx.db
    .select({ secret: users.totpSecret, pending: users.totpPendingSecret })
    .from(users)
    .where(eq(users.id, id));
  return row;
};

describe('secrets at rest: TOTP secrets sealed with AES-256-GCM', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const signInWithCode = async (email: string, password: string, secret: string) => {
    const pending = await passwordStep(t, email, password);
    t.clock.advance(30_000);
    return secondFactor(t, pending, await totpAt(t, secret));
  };

  it('stores the secret sealed under the configured key, and sign-in still works', async () => {
    const u = await createUser(t);
    const { secret } = await enrolMfa(t, u.email, u.password);
    const row = await stored(t, u.id);
    expect(row?.secret?.startsWith(`mm1.${keyId(Buffer.from(TEST_SECRET_KEY, 'hex'))}.`)).toBe(
      true,
    );
    expect(row?.secret).not.toContain(secret);
    const res = await signInWithCode(u.email, u.password, secret);
    expect(res.statusCode, res.body).toBe(200);
  });

  it('seals secrets an earlier release stored in plaintext, at start, audited', async () => {
    const u = await createUser(t);
    const { secret } = await enrolMfa(t, u.email, u.password);
    await t.ctx.db.update(users).set({ totpSecret: secret }).where(eq(users.id, u.id));
    await t.ctx.seed();
    const row = await stored(t, u.id);
    expect(row?.secret && SecretBox.isSealed(row.secret)).toBe(true);
    const audit = await t.ctx.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'secrets.sealed'));
    expect(audit.at(-1)?.after).toMatchObject({ totp_secrets: 1 });
    expect((await signInWithCode(u.email, u.password, secret)).statusCode).toBe(200);
  });

  it('refuses to start with a key the stored secrets were not sealed with, naming both ids', async () => {
    const wrong = randomBytes(32);
    const attempt = createTestApp({
      database: t.database,
      env: { METAMORPH_SECRET_KEY: wrong.toString('hex') },
    });
    await expect(attempt).rejects.toThrow(EnvError);
    await expect(attempt).rejects.toThrow(
      new RegExp(
        `seals with key ${keyId(wrong)};.*under key ${keyId(Buffer.from(TEST_SECRET_KEY, 'hex'))}`,
      ),
    );
  });

  it('rotation re-seals every secret under the new key; then the old key is not needed', async () => {
    const u = await createUser(t);
    const { secret } = await enrolMfa(t, u.email, u.password);
    const next = randomBytes(32);
    const box = new SecretBox(next, [Buffer.from(TEST_SECRET_KEY, 'hex')]);
    const count = await resealTotpSecrets(t.ctx.db, t.clock, systemAuditContext, box);
    expect(count).toBeGreaterThanOrEqual(3);
    const [audit] = await t.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'secrets.rotated')));
    expect(audit?.after).toMatchObject({ key_id: keyId(next), totp_secrets: count });
    const rows = await t.ctx.db.select({ s: users.totpSecret }).from(users);
    for (const r of rows) if (r.s) expect(SecretBox.keyIdOf(r.s)).toBe(keyId(next));
    // An app holding only the new key starts and signs the user in.
    const rotated = await createTestApp({
      database: t.database,
      env: { METAMORPH_SECRET_KEY: next.toString('hex') },
    });
    try {
      const pending = await passwordStep(rotated, u.email, u.password);
      rotated.clock.set(t.clock.now());
      rotated.clock.advance(60_000);
      const res = await secondFactor(rotated, pending, await totpAt(rotated, secret));
      expect(res.statusCode, res.body).toBe(200);
    } finally {
      await rotated.close();
    }
  });
});
