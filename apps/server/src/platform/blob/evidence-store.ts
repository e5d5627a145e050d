import type { Readable } from 'node:stream';
import { ErrorCode } from '@metamorph/contract';
import { DomainError } from '../errors.js';

/**
 * Where one evidence file lives: `<mission>/<test>/<sha256><ext>`. Content-addressed per
 * test, so the same bytes uploaded twice to one test are one object.
 */
export interface EvidenceKey {
  missionId: string;
  testId: string;
  sha256: string;
  /** Lower-case extension with its dot (`.png`). */
  ext: string;
}

/** An upload received in full (hashed, size-checked, durably written) but not yet in place. */
export interface StagedEvidence {
  readonly sha256: string;
  readonly size: number;
  /**
   * Moves the staged bytes to their key (the staged hash is the key's hash). `created` is false
   * when identical bytes were already stored there; either way the staged copy is gone.
   */
  commit(key: Omit<EvidenceKey, 'sha256'>): Promise<{ created: boolean }>;
  /** Drops the staged bytes (idempotent). */
  discard(): Promise<void>;
}

/** What an upload is read from: a stream (an async iterable of chunks) or chunks at hand. */
export type EvidenceSource = AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

export interface StoredEvidence {
  stream: Readable;
  size: number;
}

/**
 * Evidence bytes behind one interface: the filesystem or an S3-compatible bucket.
 * Uploads are streamed (never held in memory by the fs store), hashed chunk by chunk and
 * refused past `maxBytes`; nothing partial is ever visible under a final key.
 */
export interface EvidenceStore {
  readonly kind: 'fs' | 's3' | 'memory';
  /**
   * Consumes `source` into a staging area. Rejects with a 413 DomainError once more than
   * `maxBytes` arrive, and with the source's error when it fails (an aborted upload); in both
   * cases nothing is left behind.
   */
  stage(source: EvidenceSource, opts: { maxBytes: number }): Promise<StagedEvidence>;
  /** The stored bytes, or undefined when the key holds nothing. */
  open(key: EvidenceKey): Promise<StoredEvidence | undefined>;
  has(key: EvidenceKey): Promise<boolean>;
  delete(key: EvidenceKey): Promise<void>;
  /** Removes every evidence object and any staged upload (test-mode reset). */
  wipe(): Promise<void>;
  /** Resolves when the store can take uploads; rejects naming what is wrong (readiness). */
  check(): Promise<void>;
  /**
   * A short-lived URL the browser may download the bytes from directly (an S3 presigned GET
   * carrying our disposition and type), or undefined to stream them through the server.
   */
  downloadUrl?(
    key: EvidenceKey,
    opts: { filename: string; contentType: string },
  ): Promise<string | undefined>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SHA256 = /^[0-9a-f]{64}$/;
const EXT = /^\.[a-z0-9]{1,10}$/;

/** Every key component validated before it comes near a path: uuid, uuid, 64 hex, `.ext`. */
export function assertEvidenceKey(key: EvidenceKey): EvidenceKey {
  if (!UUID.test(key.missionId)) throw new Error('evidence key: mission id must be a uuid');
  if (!UUID.test(key.testId)) throw new Error('evidence key: test id must be a uuid');
  if (!SHA256.test(key.sha256)) throw new Error('evidence key: sha256 must be 64 lower-case hex');
  if (!EXT.test(key.ext)) throw new Error('evidence key: ext must look like .png');
  return key;
}

export const isEvidenceDirName = (name: string): boolean => UUID.test(name);

export const evidenceTooLarge = (maxBytes: number): DomainError =>
  new DomainError(
    ErrorCode.PayloadTooLarge,
    `The file is larger than the evidence limit of ${maxBytes} bytes`,
    { context: { max_bytes: maxBytes } },
  );
