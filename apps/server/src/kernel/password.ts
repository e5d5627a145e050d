import { hash, verify } from '@node-rs/argon2';
import { PASSWORD_MAX_LENGTH, type FieldIssue } from '@metamorph/contract';
import { randomSecret } from '../platform/crypto.js';
import { validationFailed } from '../platform/errors.js';
import { COMMON_PASSWORDS } from './common-passwords.js';

/** argon2id at the OWASP minimum profile (19 MiB, 2 passes, 1 lane). */
export const ARGON2_OPTIONS = {
  algorithm: 2, // Algorithm.Argon2id (a const enum, not importable under verbatimModuleSyntax)
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies a password. With no stored hash (unknown email, SSO-only account) it
 * still verifies against a dummy hash so both answers take the same time.
 */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (password.length > PASSWORD_MAX_LENGTH) return false;
  if (!stored) {
    dummyHash ??= hashPassword(randomSecret(16));
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** The password policy; every violation is named. */
export function passwordProblems(password: string, email: string, minLength: number): string[] {
  const problems: string[] = [];
  if (password.length < minLength) problems.push(`must be at least ${minLength} characters`);
  if (password.length > PASSWORD_MAX_LENGTH) {
    problems.push(`must be at most ${PASSWORD_MAX_LENGTH} characters`);
  }
  const lower = password.toLowerCase();
  const local = email.toLowerCase().split('@')[0] ?? '';
  if (lower === email.toLowerCase() || (local.length >= 4 && lower.includes(local))) {
    problems.push('must not contain your email address or its name part');
  }
  if (COMMON_PASSWORDS.has(lower)) problems.push('is too common');
  if (new Set(password).size < 4) problems.push('needs more different characters');
  return problems;
}

export function assertPasswordPolicy(
  field: string,
  password: string,
  email: string,
  minLength: number,
): void {
  const problems = passwordProblems(password, email, minLength);
  if (problems.length > 0) {
    const errors: FieldIssue[] = problems.map((message) => ({ path: field, message }));
    throw validationFailed(errors);
  }
}

/** A random password long enough for the policy (≥ 144 bits), shown to an admin once. */
export function generatePassword(minLength = 12): string {
  return randomSecret(Math.max(18, Math.ceil((minLength * 3) / 4)));
}
