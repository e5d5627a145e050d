import type { TestTemplatePage } from '@metamorph/contract';
import { eq, sql } from 'drizzle-orm';
import { libraryRevision } from '../../db/schema/index.js';
import type { DbOrTx } from '../../platform/tx.js';
import { currentRelease } from '../attack/index.js';
import { LIBRARY_ATTACK_DOMAIN } from './attack-tags.js';

/**
 * Library search answers cached per (library revision, current ATT&CK release, query). The
 * revision is bumped by triggers on every template change in any process, and is read
 * before the search runs, so an entry can only be older than its key, never newer.
 */
export class SearchCache {
  private readonly entries = new Map<string, TestTemplatePage>();
  constructor(private readonly max = 500) {}

  async key(db: DbOrTx, query: unknown): Promise<string> {
    const [[rev], release] = await Promise.all([
      db
        .select({ revision: libraryRevision.revision })
        .from(libraryRevision)
        .where(eq(libraryRevision.id, 1)),
      currentRelease(db, LIBRARY_ATTACK_DOMAIN),
    ]);
    return JSON.stringify([rev?.revision ?? null, release?.id ?? null, query]);
  }

  get(key: string): TestTemplatePage | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      // Most recently used last.
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, page: TestTemplatePage): void {
    this.entries.set(key, page);
    while (this.entries.size > this.max) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}

/** The revision row exists after every start and every test-mode reset (which truncates it). */
export async function seedLibraryRevision(db: DbOrTx): Promise<void> {
  // Start from the clock (µs) so a reset never reuses a revision an old cache entry holds.
  await db
    .insert(libraryRevision)
    .values({ id: 1, revision: sql`(extract(epoch from clock_timestamp()) * 1000000)::bigint` })
    .onConflictDoNothing();
}
