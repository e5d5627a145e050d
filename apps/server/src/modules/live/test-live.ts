import { LiveEvent, LiveReady, PresenceSnapshot } from '@metamorph/contract';
import type { TestApp } from '../../../test/harness.js';
import { recordChange, type MissionEventKind } from '../../kernel/changes.js';
import type { SseClient } from './test-sse.js';

/** Commits one change straight through `recordChange` (as every writer does, last in its tx). */
export function commitChange(
  t: TestApp,
  missionId: string,
  kind: MissionEventKind = 'plan.changed',
  testId: string | null = null,
): Promise<number> {
  return t.ctx.db.transaction((tx) => recordChange(tx, t.clock, { missionId, kind, testId }));
}

/** The mission events a stream has received, parsed. */
export const eventsOf = (c: SseClient): LiveEvent[] =>
  c.of().map((m) => LiveEvent.parse(JSON.parse(m.data)));

export const seqsOf = (c: SseClient): number[] => eventsOf(c).map((e) => e.seq);

export const readyOf = (c: SseClient): LiveReady | undefined => {
  const m = c.of('ready')[0];
  return m ? LiveReady.parse(JSON.parse(m.data)) : undefined;
};

export const lastPresence = (c: SseClient): PresenceSnapshot | undefined => {
  const m = c.of('presence').at(-1);
  return m ? PresenceSnapshot.parse(JSON.parse(m.data)) : undefined;
};
