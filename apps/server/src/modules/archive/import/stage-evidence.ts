import type { ArchiveEvidence, ArchiveManifest } from '@metamorph/contract';
import type { EvidenceStore, StagedEvidence } from '../../../platform/blob/evidence-store.js';
import { DomainError } from '../../../platform/errors.js';
import { inflateEntry, type InflateBudget } from './entry-stream.js';
import { ArchiveRefused, type ArchiveCaps, type CheckedZip } from './zip-check.js';

export interface StagedItem {
  evidence: ArchiveEvidence;
  staged: StagedEvidence;
}

export async function discardAll(items: readonly StagedItem[]): Promise<void> {
  await Promise.all(items.map((i) => i.staged.discard().catch(() => undefined)));
}

/**
 * Inflates each listed evidence file into the store's staging area (invisible until committed),
 * hashing and counting it on the way: a hash or size that is not the manifest's refuses the
 * archive and discards everything staged. A file listed for several tests is staged once per
 * test (each test keeps its own copy), counted against the inflate budget each time.
 */
export async function stageEvidence(
  store: EvidenceStore,
  checked: CheckedZip,
  m: ArchiveManifest,
  budget: InflateBudget,
  caps: ArchiveCaps,
  opts: { signal: AbortSignal; onFile(done: number): Promise<void> },
): Promise<StagedItem[]> {
  const items: StagedItem[] = [];
  try {
    for (const e of m.evidence) {
      opts.signal.throwIfAborted();
      const entry = checked.files.get(e.path);
      if (!entry) throw new ArchiveRefused(`the file ${e.path} is missing`);
      let staged: StagedEvidence;
      try {
        staged = await store.stage(inflateEntry(checked, e.path, entry, budget, caps), {
          maxBytes: e.size_bytes,
        });
      } catch (err) {
        if (err instanceof DomainError) {
          throw new ArchiveRefused(`the file ${e.path} is larger than the manifest says`);
        }
        throw err;
      }
      items.push({ evidence: e, staged });
      if (staged.sha256 !== e.sha256) {
        throw new ArchiveRefused(
          `the file ${e.path} (${e.filename}) does not match its SHA-256: its bytes hash to ${staged.sha256}`,
        );
      }
      if (staged.size !== e.size_bytes) {
        throw new ArchiveRefused(
          `the file ${e.path} holds ${staged.size} bytes; the manifest says ${e.size_bytes}`,
        );
      }
      await opts.onFile(items.length);
    }
    return items;
  } catch (err) {
    await discardAll(items);
    throw err;
  }
}
