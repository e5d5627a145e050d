import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  assertEvidenceKey,
  evidenceTooLarge,
  type EvidenceKey,
  type EvidenceSource,
  type EvidenceStore,
  type StagedEvidence,
} from './evidence-store.js';

const keyOf = (k: EvidenceKey) => {
  const v = assertEvidenceKey(k);
  return `${v.missionId}/${v.testId}/${v.sha256}${v.ext}`;
};

/** An in-memory evidence store for unit tests; same contract as the fs store. */
export class MemoryEvidenceStore implements EvidenceStore {
  readonly kind = 'memory';
  private readonly objects = new Map<string, Buffer>();
  /** Staged uploads not yet committed or discarded (tests check that none linger). */
  readonly pending = new Set<object>();

  async check(): Promise<void> {}

  async stage(source: EvidenceSource, opts: { maxBytes: number }): Promise<StagedEvidence> {
    const hash = createHash('sha256');
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of source) {
      size += chunk.length;
      if (size > opts.maxBytes) throw evidenceTooLarge(opts.maxBytes);
      hash.update(chunk);
      chunks.push(Buffer.from(chunk));
    }
    const sha256 = hash.digest('hex');
    const token = {};
    this.pending.add(token);
    return {
      sha256,
      size,
      discard: async () => {
        this.pending.delete(token);
      },
      commit: async (k) => {
        if (!this.pending.delete(token)) throw new Error('staged evidence already used');
        const key = keyOf({ ...k, sha256 });
        if (this.objects.has(key)) return { created: false };
        this.objects.set(key, Buffer.concat(chunks));
        return { created: true };
      },
    };
  }

  async open(key: EvidenceKey) {
    const data = this.objects.get(keyOf(key));
    return data ? { stream: Readable.from([data]), size: data.length } : undefined;
  }
  async has(key: EvidenceKey) {
    return this.objects.has(keyOf(key));
  }
  async delete(key: EvidenceKey) {
    this.objects.delete(keyOf(key));
  }
  async wipe() {
    this.objects.clear();
    this.pending.clear();
  }
}
