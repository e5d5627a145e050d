import { ErrorCode, type Settings } from '@metamorph/contract';
import { and, count, eq, gt, max } from 'drizzle-orm';
import { loginAttempts } from '../../db/schema/index.js';
import type { Clock } from '../../platform/clock.js';
import { DomainError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { DbOrTx } from '../../platform/tx.js';

/**
 * Login throttling kept in the database so it holds across instances: an email is
 * locked after N failures inside the window (counted since its last success), an
 * ip after M. Unknown emails are counted like known ones, so the answers match.
 */
export async function assertLoginAllowed(
  db: DbOrTx,
  clock: Clock,
  settings: Settings,
  email: string,
  ip: string,
): Promise<void> {
  const now = clock.now();
  const windowStart = new Date(now.getTime() - settings['login.failure_window_minutes'] * 60_000);
  const [lastOk] = await db
    .select({ at: max(loginAttempts.at) })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.email, email), eq(loginAttempts.success, true)));
  const since = lastOk?.at && lastOk.at > windowStart ? lastOk.at : windowStart;
  const [byEmail] = await db
    .select({ n: count(), last: max(loginAttempts.at) })
    .from(loginAttempts)
    .where(
      and(
        eq(loginAttempts.email, email),
        eq(loginAttempts.success, false),
        gt(loginAttempts.at, since),
      ),
    );
  if (byEmail && byEmail.n >= settings['login.max_failures'] && byEmail.last) {
    const until = byEmail.last.getTime() + settings['login.lockout_minutes'] * 60_000;
    if (until > now.getTime()) throw locked(until - now.getTime());
  }
  const [byIp] = await db
    .select({ n: count(), last: max(loginAttempts.at) })
    .from(loginAttempts)
    .where(
      and(
        eq(loginAttempts.ip, ip),
        eq(loginAttempts.success, false),
        gt(loginAttempts.at, windowStart),
      ),
    );
  if (byIp && byIp.n >= settings['login.max_failures_per_ip'] && byIp.last) {
    const until = byIp.last.getTime() + settings['login.lockout_minutes'] * 60_000;
    if (until > now.getTime()) throw locked(until - now.getTime());
  }
}

function locked(ms: number): DomainError {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  return new DomainError(
    ErrorCode.RateLimited,
    `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
    { context: { retry_after_s: Math.ceil(ms / 1000) } },
  );
}

export async function recordLoginAttempt(
  db: DbOrTx,
  clock: Clock,
  email: string,
  ip: string,
  success: boolean,
): Promise<void> {
  await db.insert(loginAttempts).values({ id: newId(), at: clock.now(), email, ip, success });
}
