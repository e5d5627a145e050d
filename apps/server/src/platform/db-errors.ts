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
