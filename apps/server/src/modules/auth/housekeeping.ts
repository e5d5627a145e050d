import { lt, or } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { loginAttempts, sessions } from '../../db/schema/index.js';
import type { HousekeepingTask } from '../../platform/housekeeping.js';

/** Login attempts are read only inside the lockout window (at most a day, in settings). */
const ATTEMPTS_KEPT_MS = 7 * 86_400_000;

/** Sessions past either expiry can never be used again; old login attempts count for nothing. */
export function authHousekeeping(ctx: AppContext): HousekeepingTask[] {
  return [
    {
      name: 'sessions',
      async run(now) {
        const gone = await ctx.db
          .delete(sessions)
          .where(or(lt(sessions.expiresAt, now), lt(sessions.idleExpiresAt, now)))
          .returning({ id: sessions.id });
        return gone.length;
      },
    },
    {
      name: 'login_attempts',
      async run(now) {
        const gone = await ctx.db
          .delete(loginAttempts)
          .where(lt(loginAttempts.at, new Date(now.getTime() - ATTEMPTS_KEPT_MS)))
          .returning({ id: loginAttempts.id });
        return gone.length;
      },
    },
  ];
}
