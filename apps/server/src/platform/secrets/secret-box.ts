import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** `mm1.<key id>.<iv>.<ciphertext + tag>`: version, which key sealed it, then base64url parts. */
const PREFIX = 'mm1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A sealed value names a key this process does not hold, or does not open under it. */
export class SecretKeyMismatch extends Error {
  constructor(
    readonly keyId: string,
    message: string,
  ) {
    super(message);
    this.name = 'SecretKeyMismatch';
  }
}

/** The public id of a key: 8 hex characters of its SHA-256 (reveals nothing usable). */
export function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/**
 * AES-256-GCM sealing of short secrets stored in the database. Every value is bound to a
 * context (e.g. `users.totp:<user id>`) through the additional data, so a sealed value copied
 * onto another row or column does not open. Sealing always uses the current key; opening picks
 * the key by the id in the value, so older keys keep working until `metamorph secrets rotate`.
 */
export class SecretBox {
  private readonly keys = new Map<string, Buffer>();
  readonly currentKeyId: string;

  constructor(
    private readonly current: Buffer,
    previous: readonly Buffer[] = [],
  ) {
    if (current.length !== 32) throw new Error('a secret key is 32 bytes');
    this.currentKeyId = keyId(current);
    for (const k of [current, ...previous]) this.keys.set(keyId(k), k);
  }

  static isSealed(value: string): boolean {
    return value.startsWith(`${PREFIX}.`);
  }

  /** The key id a sealed value names (null for a value that is not sealed). */
  static keyIdOf(value: string): string | null {
    const parts = value.split('.');
    return parts.length === 4 && parts[0] === PREFIX ? (parts[1] ?? null) : null;
  }

  holds(id: string): boolean {
    return this.keys.has(id);
  }

  seal(plain: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current, iv);
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return [PREFIX, this.currentKeyId, iv.toString('base64url'), body.toString('base64url')].join(
      '.',
    );
  }

  open(sealed: string, context: string): string {
    const [prefix, id = '', iv = '', body = ''] = sealed.split('.');
    if (prefix !== PREFIX) throw new SecretKeyMismatch('', 'the value is not a sealed secret');
    const key = this.keys.get(id);
    if (!key) throw new SecretKeyMismatch(id, `sealed with key ${id}, which is not configured`);
    const data = Buffer.from(body, 'base64url');
    if (data.length < TAG_BYTES) throw new SecretKeyMismatch(id, 'the sealed value is truncated');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      return Buffer.concat([
        decipher.update(data.subarray(0, data.length - TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new SecretKeyMismatch(id, `the value does not open under key ${id}`);
    }
  }
}
