import {
  LiveEvent,
  LiveEventKind,
  LiveReady,
  PresenceSnapshot,
  type PresenceViewer,
} from '@metamorph/contract';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { z } from 'zod';
import { apiSend } from './client';
import { executionKeys, fetchActivity } from './execution';
import { findingKeys, refreshFindings } from './findings';
import { queryKeys } from './keys';
import { missionApiPath } from './missions';
import { resultsKey } from './results';

/**
 * Live collaboration for one mission page: one EventSource (`GET /api/missions/:id/events`)
 * that invalidates the affected queries, reconnects with back-off and resumes from the last
 * sequence; while it is down, `/activity` is polled every 15 s (not while the tab is hidden).
 */

export type LiveStatus = 'connecting' | 'live' | 'polling';

export const POLL_MS = 15_000;
const MAX_BACKOFF_MS = 30_000;

/** The back-off before reconnect attempt `n` (0-based): 1 s, 2 s, 4 s … 30 s. */
export function backoffMs(attempt: number): number {
  return Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(attempt, 5));
}

/** What a change to `testId` (null: the plan) makes stale. */
export function invalidateForTest(
  queryClient: QueryClient,
  missionId: string,
  testId: string | null,
  planToo: boolean,
): void {
  if (testId)
    void queryClient.invalidateQueries({ queryKey: executionKeys.test(missionId, testId) });
  else void queryClient.invalidateQueries({ queryKey: executionKeys.tests(missionId) });
  // Any change can move a dashboard or heat-map number.
  void queryClient.invalidateQueries({ queryKey: resultsKey(missionId) });
  if (planToo) {
    // A review can close a finding, in a retest's original mission too (retest hook).
    void queryClient.invalidateQueries({ queryKey: findingKeys.all });
    void queryClient.invalidateQueries({ queryKey: queryKeys.missionPlan(missionId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.mission(missionId), exact: true });
  }
}

function parseData<S extends z.ZodType>(schema: S, e: Event): z.output<S> | null {
  if (!(e instanceof MessageEvent) || typeof e.data !== 'string') return null;
  try {
    const parsed = schema.safeParse(JSON.parse(e.data));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** A v4 UUID per tab (`crypto.randomUUID` only exists in secure contexts). */
export function newConnectionId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export interface MissionLive {
  status: LiveStatus;
  /** Everyone viewing the mission (every tab, this one included). */
  viewers: PresenceViewer[];
}

export function useMissionLive(missionId: string, testId: string | null): MissionLive {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const [viewers, setViewers] = useState<PresenceViewer[]>([]);
  const connectionId = useRef<string>('');
  if (!connectionId.current) connectionId.current = newConnectionId();
  const lastSeq = useRef(0);
  const viewed = useRef(testId);
  viewed.current = testId;

  // The stream: one per mission, kept while the user moves between its tests.
  useEffect(() => {
    let source: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    let stopped = false;

    const onEvent = (e: Event) => {
      const event = parseData(LiveEvent, e);
      if (!event) return;
      lastSeq.current = Math.max(lastSeq.current, event.seq);
      if (event.kind === 'finding.changed') {
        refreshFindings(queryClient, missionId);
        return;
      }
      const planToo =
        event.kind === 'test.changed' ||
        event.kind === 'plan.changed' ||
        event.kind === 'test.revealed';
      invalidateForTest(
        queryClient,
        missionId,
        event.kind === 'plan.changed' ? null : event.test_id,
        planToo,
      );
    };

    const connect = () => {
      if (stopped) return;
      const q = new URLSearchParams({ connection_id: connectionId.current });
      if (lastSeq.current > 0) q.set('last_event_id', String(lastSeq.current));
      if (viewed.current) q.set('test_id', viewed.current);
      const es = new EventSource(missionApiPath(missionId, `/events?${q.toString()}`));
      source = es;
      es.addEventListener('ready', (e) => {
        const ready = parseData(LiveReady, e);
        if (!ready) return;
        attempt = 0;
        const resumed = lastSeq.current > 0;
        lastSeq.current = Math.max(lastSeq.current, ready.seq);
        setStatus('live');
        // After an outage, whatever the replay does not cover is refetched.
        if (resumed) invalidateForTest(queryClient, missionId, null, true);
      });
      for (const kind of LiveEventKind.options) es.addEventListener(kind, onEvent);
      // The events since our position were pruned: nothing is replayed, refetch it all.
      es.addEventListener('resync', () => invalidateForTest(queryClient, missionId, null, true));
      es.addEventListener('presence', (e) => {
        const snapshot = parseData(PresenceSnapshot, e);
        if (snapshot) setViewers(snapshot.viewers);
      });
      es.onerror = () => {
        setStatus('polling');
        // CONNECTING: the browser retries by itself (sending Last-Event-ID); CLOSED: we do.
        if (es.readyState === EventSource.CLOSED) {
          es.close();
          timer = setTimeout(connect, backoffMs(attempt++));
        }
      };
    };

    setStatus('connecting');
    connect();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      source?.close();
      setViewers([]);
    };
  }, [missionId, queryClient]);

  // Presence: tell the server which test this tab views whenever it changes.
  useEffect(() => {
    if (status !== 'live') return;
    apiSend(
      'PUT',
      missionApiPath(missionId, '/presence'),
      { connection_id: connectionId.current, test_id: testId },
      z.unknown(),
    ).catch(() => undefined);
  }, [missionId, testId, status]);

  // The fallback: poll the activity feed while the stream is down and the tab is visible.
  useEffect(() => {
    if (status === 'live') return;
    const controller = new AbortController();
    let busy = false;
    const poll = async () => {
      if (busy || document.visibilityState === 'hidden') return;
      busy = true;
      try {
        let more = true;
        for (let page = 0; more && page < 5; page++) {
          const first = lastSeq.current === 0;
          const activity = await fetchActivity(missionId, lastSeq.current, controller.signal);
          lastSeq.current = Math.max(lastSeq.current, activity.last_seq);
          more = activity.has_more;
          if (first) {
            invalidateForTest(queryClient, missionId, null, true);
          } else {
            activity.items.forEach((item, i) =>
              invalidateForTest(queryClient, missionId, item.test_id, i === 0),
            );
          }
        }
      } catch {
        // The next tick tries again.
      } finally {
        busy = false;
      }
    };
    const interval = setInterval(() => void poll(), POLL_MS);
    const onVisible = () => {
      if (document.visibilityState === 'visible') void poll();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      controller.abort();
      clearInterval(interval);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [status, missionId, queryClient]);

  return { status, viewers };
}
