import { MissionPage, MissionStatus, type MissionSummary } from '@metamorph/contract';
import type { Command } from 'commander';
import { usageError } from './errors.js';
import { remoteContext, table, type RemoteIo } from './output.js';

/** `remote missions list`: every mission the token's user sees (all pages). */
export function registerMissionCommands(remote: Command, io: RemoteIo): void {
  const missions = remote.command('missions').description('Missions the token can see');
  missions
    .command('list')
    .description('List missions (every page), newest first')
    .option('--status <status>', `only this status: ${MissionStatus.options.join(', ')}`)
    .option('--q <text>', 'only missions whose name or client matches')
    .action(async (opts: { status?: string; q?: string }, cmd: Command) => {
      if (opts.status !== undefined && !MissionStatus.safeParse(opts.status).success) {
        throw usageError(
          `--status must be one of ${MissionStatus.options.join(', ')}, not ${opts.status}`,
        );
      }
      const c = remoteContext(cmd, io);
      const items: MissionSummary[] = [];
      let cursor: string | undefined;
      do {
        const { data } = await c.client.json('GET', '/api/missions', MissionPage, {
          query: { status: opts.status, q: opts.q, limit: '200', cursor },
        });
        items.push(...data.items);
        cursor = data.next_cursor ?? undefined;
      } while (cursor);
      if (c.json) {
        c.print({ items, next_cursor: null });
        return;
      }
      if (items.length === 0) {
        c.out('no missions');
        return;
      }
      c.out(
        table(
          ['id', 'client', 'name', 'status', 'tests', 'my role'],
          items.map((m) => [m.id, m.client.name, m.name, m.status, m.test_count, m.my_role]),
        ),
      );
    });
}
