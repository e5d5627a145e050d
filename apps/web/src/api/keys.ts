/**
 * Query-key factory: every cache key is built here so invalidation can target
 * a whole family (`queryKeys.system.all`) or one entry (`queryKeys.job(id)`).
 */
export const queryKeys = {
  system: {
    all: ['system'] as const,
  },
  health: () => [...queryKeys.system.all, 'health'] as const,
  ready: () => [...queryKeys.system.all, 'ready'] as const,
  jobs: {
    all: ['jobs'] as const,
  },
  job: (id: string) => [...queryKeys.jobs.all, id] as const,
} as const;
