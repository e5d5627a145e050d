import { defineConfig } from 'vitest/config';

const sourceCondition = { conditions: ['source'] };

export default defineConfig({
  test: {
    // 2-core machines: PGlite instances are heavy, so never more than two workers.
    maxWorkers: 2,
    projects: [
      {
        resolve: sourceCondition,
        test: {
          name: 'contract',
          include: ['packages/contract/src/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        resolve: sourceCondition,
        test: {
          name: 'web',
          root: 'apps/web',
          include: ['src/**/*.test.{ts,tsx}'],
          environment: 'node',
        },
      },
      {
        resolve: sourceCondition,
        test: {
          name: 'server',
          include: ['apps/server/{src,test}/**/*.test.ts'],
          environment: 'node',
          pool: 'forks',
          globalSetup: ['apps/server/test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
