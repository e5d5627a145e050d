import type { SQL } from 'drizzle-orm';
import type { DbOrTx } from './tx.js';

/**
 * Runs a raw query and returns its rows. Both drivers' `execute` results carry `rows`, but
 * the union of their result types does not say so.
 */
export async function sqlRows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
