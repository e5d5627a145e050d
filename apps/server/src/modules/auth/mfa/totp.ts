import { randomBytes } from 'node:crypto';
import { RECOVERY_CODE_COUNT, RECOVERY_CODE_PATTERN } from '@metamorph/contract';
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import { sha256Hex } from '../../../platform/crypto.js';

/** RFC 6238 as authenticator apps expect it: SHA-1, 6 digits, 30-second steps. */
export const TOTP_PERIOD_S = 30;
export const TOTP_ISSUER = 'Metamorph';
/** How far back a code is recognised as "expired" rather than plain wrong (for the message). */
const EXPIRED_LOOKBACK_S = 10 * 60;

export type TotpCheck =
  { ok: true; step: number } | { ok: false; reason: 'wrong' | 'expired' | 'replayed' };

/** A new random 160-bit secret, base32 encoded. */
export function newTotpSecret(): string {
  return generateSecret();
}

export function otpauthUri(secret: string, email: string): string {
  return generateURI({ issuer: TOTP_ISSUER, label: email, secret });
}

/** The otpauth URI as an SVG QR code: the web shows it as an image, no canvas needed. */
export function qrSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
}

/**
 * Checks a 6-digit code at `now`, accepting one step either side. A code whose step is
 * not after `lastStep` (the last accepted one) is a replay. Wrong codes that matched a
 * recent past step are reported as expired, so the user knows to wait for the next one.
 */
export async function checkTotp(
  secret: string,
  code: string,
  now: Date,
  lastStep: number | null,
): Promise<TotpCheck> {
  const epoch = Math.floor(now.getTime() / 1000);
  const result = await verify({ secret, token: code, epoch, epochTolerance: TOTP_PERIOD_S });
  if (result.valid) {
    // `epoch` is where the matching step starts (the result type also covers HOTP).
    const step = Math.floor(('epoch' in result ? result.epoch : epoch) / TOTP_PERIOD_S);
    if (lastStep !== null && step <= lastStep) return { ok: false, reason: 'replayed' };
    return { ok: true, step };
  }
  const late = await verify({
    secret,
    token: code,
    epoch,
    epochTolerance: [EXPIRED_LOOKBACK_S, 0],
  });
  return { ok: false, reason: late.valid ? 'expired' : 'wrong' };
}

export const TOTP_REJECTION: Record<'wrong' | 'expired' | 'replayed', string> = {
  wrong: 'The code is wrong. Enter the current 6-digit code from your authenticator app.',
  expired:
    'The code has expired. Check the clock of your device and enter the current code from your authenticator app.',
  replayed: 'This code has already been used. Wait for the next code from your authenticator app.',
};

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Ten fresh codes like `K7QF-2MXA-P4ZD` (60 random bits each), to show once. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const bytes = randomBytes(12);
    const chars = [...bytes].map((b) => BASE32[b % 32] ?? 'A').join('');
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
  });
}

export const isRecoveryCode = (code: string): boolean => RECOVERY_CODE_PATTERN.test(code);

/** Stored form: SHA-256 of the code without dashes, upper-cased, look-alike digits read as letters. */
export function hashRecoveryCode(code: string): string {
  const canonical = code
    .replace(/-/g, '')
    .toUpperCase()
    .replace(/0/g, 'O')
    .replace(/1/g, 'I')
    .replace(/8/g, 'B');
  return sha256Hex(canonical);
}
