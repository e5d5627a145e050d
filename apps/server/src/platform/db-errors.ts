function hasCode(err: unknown, code: string): boolean {
  let e: unknown = err;
  for (let depth = 0; depth < 5 && e !== null && typeof e === 'object'; depth++) {
    if ((e as { code?: unknown }).code === code) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** A unique constraint was violated (PostgreSQL 23505), whichever driver wrapped it. */
export const isUniqueViolation = (err: unknown): boolean => hasCode(err, '23505');

/** A foreign key still refers to the row (PostgreSQL 23503), whichever driver wrapped it. */
export const isForeignKeyViolation = (err: unknown): boolean => hasCode(err, '23503');

/**
 * What a log line needs of a driver error: its message and code. node-postgres attaches the
 * whole `Client` to errors of idle pool connections (`err.client`), kilobytes of internals
 * that a logger's error serializer would print in full.
 */
export function dbErrorSummary(err: unknown): { message: string; code?: string } {
  if (err === null || typeof err !== 'object') return { message: String(err) };
  const { code, message } = err as { code?: unknown; message?: unknown };
  return {
    message: typeof message === 'string' ? message : String(err),
    ...(typeof code === 'string' ? { code } : {}),
  };
}
