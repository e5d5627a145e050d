import type { AppModule } from '../../context.js';
import { LiveHub, type HubOptions } from './hub.js';
import { liveRoutes } from './live.routes.js';
import { LiveService } from './live.service.js';
import { pruneEvents } from './events.repo.js';

/** The stored events after a sequence, each with whether blue-only members may see it. */
export { eventsAfter } from './events.repo.js';

export const HEARTBEAT_MS = 15_000;

/** Live collaboration: the mission event stream and presence. */
export function makeLiveModule(opts: Partial<HubOptions> = {}): AppModule {
  return {
    name: 'live',
    // Replay positions older than the retention answer `resync` (live.service.ts).
    housekeeping: (ctx) => [
      {
        name: 'mission_events',
        run: (now) => pruneEvents(ctx.db, new Date(now.getTime() - ctx.env.retention.eventsMs)),
      },
    ],
    routes(app, ctx) {
      const hub = new LiveHub(ctx, app.log, { heartbeatMs: opts.heartbeatMs ?? HEARTBEAT_MS });
      // Streams end as soon as the app starts closing, so close() never waits on them.
      ctx.shutdown.addEventListener('abort', () => void hub.close(), { once: true });
      app.addHook('onClose', () => hub.close());
      liveRoutes(app, new LiveService(ctx, hub));
    },
  };
}

export const liveModule = makeLiveModule();
