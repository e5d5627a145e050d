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
 * SQLSTATEs and socket codes that mean "the database is away", not "the query is wrong":
 * connection exceptions (08…), the server shutting down or starting up (57P01–57P03), and
 * the socket refused, reset or timed out.
 */
const UNAVAILABLE_CODES = new Set([
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '57P01',
  '57P02',
  '57P03',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/** node-postgres reports a dropped connection by message only. */
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/,
  /is not queryable$/,
  /^timeout exceeded when trying to connect$/,
  /^Cannot use a pool after calling end on the pool$/,
];

/**
 * The error comes from losing the database connection (a restart, a failover, a network
 * cut), whichever driver or wrapper (Drizzle's DrizzleQueryError) carries it: the request
 * may be retried once the database is back, so it answers 503, not 500.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; depth < 5 && e !== null && typeof e === 'object'; depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((m) => m.test(message))) {
      return true;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

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
