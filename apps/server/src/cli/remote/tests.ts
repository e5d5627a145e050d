import {
  MissionPlan,
  MissionTestDetail,
  TestState,
  TRANSITIONS,
  type MissionTestSummary,
} from '@metamorph/contract';
import type { Command } from 'commander';
import { missionPath, state, testPath, version } from './args.js';
import { fields, remoteContext, table, type RemoteContext, type RemoteIo } from './output.js';
import { explainConflict, registerTestUpdate } from './update.js';

const techniques = (t: Pick<MissionTestSummary, 'mitre_tags'>) =>
  t.mitre_tags.map((m) => m.external_id).join(',');

/** The human view of one test (`--json` prints the contract's MissionTestDetail instead). */
export function showTest(c: RemoteContext, t: MissionTestDetail): void {
  if (c.json) {
    c.print(t);
    return;
  }
  c.out(
    fields([
      ['id', t.id],
      ['name', t.snapshot_name],
      ['techniques', techniques(t)],
      ['state', t.state_reason ? `${t.state} (${t.state_reason})` : t.state],
      ['version', t.version],
      ['executed at', t.executed_at],
      [
        'attack window',
        t.attack_started_at && `${t.attack_started_at} → ${t.attack_ended_at ?? '?'}`,
      ],
      ['red command', t.red_command],
      ['red output', t.red_output],
      ['account used', t.account_used],
      ['execution result', t.execution_result],
      ['red comment', t.red_comment_md],
      ['detection level', t.detection_level_key],
      ['blue comment', t.blue_comment_md],
      ['gap reason', t.gap_reason],
      ['last changed by', t.last_actor_email && `${t.last_actor_email} at ${t.updated_at}`],
    ]),
  );
  if (t.evidence.length > 0) {
    c.out('');
    c.out(
      table(
        ['evidence', 'side', 'file', 'bytes', 'caption'],
        t.evidence.map((e) => [e.id, e.side, e.original_filename, e.size_bytes, e.caption]),
      ),
    );
  }
}

export function registerTestCommands(remote: Command, io: RemoteIo): void {
  remote
    .command('tests')
    .description('Tests of a mission')
    .command('list')
    .description("List a mission's tests in plan order (scenario by scenario)")
    .requiredOption('--mission <id>', 'mission id')
    .option('--state <state>', `only this state: ${TestState.options.join(', ')}`)
    .action(async (opts: { mission: string; state?: string }, cmd: Command) => {
      const wanted = opts.state === undefined ? undefined : state(opts.state, '--state');
      const c = remoteContext(cmd, io);
      const { data } = await c.client.json('GET', `${missionPath(opts.mission)}/plan`, MissionPlan);
      const rows = data.scenarios.flatMap((s) =>
        s.tests.filter((t) => wanted === undefined || t.state === wanted).map((t) => ({ s, t })),
      );
      if (c.json) {
        c.print({ items: rows.map((r) => r.t) });
        return;
      }
      if (rows.length === 0) {
        c.out('no tests');
        return;
      }
      c.out(
        table(
          ['id', 'scenario', 'name', 'techniques', 'state', 'version'],
          rows.map(({ s, t }) => [
            t.id,
            s.name,
            t.snapshot_name,
            techniques(t),
            t.state,
            t.version,
          ]),
        ),
      );
    });

  const test = remote.command('test').description('One mission test: show, update, transition');
  test
    .command('show <testId>')
    .description('Show a test: red and blue fields, state, evidence')
    .requiredOption('--mission <id>', 'mission id')
    .action(async (testId: string, opts: { mission: string }, cmd: Command) => {
      const c = remoteContext(cmd, io);
      const p = testPath(opts.mission, testId);
      showTest(c, (await c.client.json('GET', p, MissionTestDetail)).data);
    });

  registerTestUpdate(test, io);

  const moves = Object.entries(TRANSITIONS)
    .map(([from, to]) => `${from} → ${to.join(' | ')}`)
    .join('; ');
  test
    .command('transition <testId> <state>')
    .description(`Move a test to another state (${moves})`)
    .requiredOption('--mission <id>', 'mission id')
    .option('--reason <text>', 'why it is skipped or blocked (kept as state_reason)')
    .option('--if-version <n>', 'refuse (409) unless the test is still at this version')
    .action(
      async (
        testId: string,
        target: string,
        opts: { mission: string; reason?: string; ifVersion?: string },
        cmd: Command,
      ) => {
        const to = state(target, '<state>');
        const ifVersion = opts.ifVersion === undefined ? undefined : version(opts.ifVersion);
        const c = remoteContext(cmd, io);
        const p = testPath(opts.mission, testId);
        const { data } = await c.client
          .json('POST', `${p}/transition`, MissionTestDetail, {
            body: { state: to, ...(opts.reason === undefined ? {} : { reason: opts.reason }) },
            headers: ifVersion === undefined ? {} : { 'if-match': `"${ifVersion}"` },
          })
          .catch((err: unknown) => {
            throw explainConflict(
              err,
              `metamorph remote test show --mission ${opts.mission} ${testId}`,
            );
          });
        if (c.json) c.print(data);
        else c.out(`test ${data.id} is now ${data.state} (version ${data.version})`);
      },
    );
}
