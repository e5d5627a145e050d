import { DiagResetResponse } from '@metamorph/contract';
import type { AppModule } from '../../context.js';

/** Test-mode maintenance: exists only when METAMORPH_TEST_MODE=1. */
export const diagModule: AppModule = {
  name: 'diag',
  routes(app, ctx) {
    if (!ctx.env.testMode) return;
    app.post(
      '/api/diag/reset',
      {
        config: { auth: 'public' },
        schema: {
          tags: ['test mode'],
          summary: 'Wipe all data and evidence, then re-seed defaults (test mode only)',
          response: { 200: DiagResetResponse },
        },
      },
      async () => {
        const tables = await ctx.database.query<{ name: string }>(
          `select quote_ident(tablename) as name from pg_tables
            where schemaname = current_schema() and tablename <> 'metamorph_migrations'`,
        );
        if (tables.length > 0) {
          await ctx.database.query(
            `truncate ${tables.map((t) => t.name).join(', ')} restart identity cascade`,
          );
        }
        await ctx.blobs.wipe();
        await ctx.evidence.wipe();
        await ctx.seed();
        return { reset: true as const, tables_truncated: tables.length };
      },
    );
  },
};
