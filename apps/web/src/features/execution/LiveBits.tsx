import { Avatar, Badge, Group, Text, Tooltip } from '@mantine/core';
import type { PresenceViewer } from '@metamorph/contract';
import { useEffect, useState } from 'react';
import type { LiveStatus } from '../../api/live';
import { formatDateTime } from '../../lib/format';
import { ago, initials } from './execution-model';

const TICK_MS = 5_000;

/** "modified by X n s ago", ticking; the dot says whether the stream is live or polling. */
export function LiveBadge({
  actor,
  at,
  status,
}: {
  actor: string | null;
  at: string;
  status: LiveStatus;
}) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(t);
  }, []);
  // A fresh change shows "0 s ago" at once, not after the next tick.
  const shown = Math.max(now, Date.parse(at));
  const tip =
    status === 'live'
      ? 'Live: changes by others appear here as they happen'
      : status === 'polling'
        ? 'Live updates are down: checking for changes every 15 s'
        : 'Connecting to live updates…';
  return (
    <Tooltip label={`${tip}. Last change ${formatDateTime(at)}`} multiline maw={300}>
      <Badge
        variant="light"
        color={status === 'live' ? 'teal' : status === 'polling' ? 'orange' : 'gray'}
        tt="none"
        size="lg"
        radius="sm"
        leftSection={
          <span
            style={{
              display: 'inline-block',
              width: 7,
              height: 7,
              borderRadius: 7,
              background: 'currentColor',
            }}
          />
        }
        data-testid="live-badge"
        data-status={status}
      >
        <Text span fz="xs" fw={500}>
          {actor
            ? `modified by ${actor} ${ago(at, shown)}`
            : `planned ${ago(at, shown)}, not worked on yet`}
        </Text>
      </Badge>
    </Tooltip>
  );
}

/** Who else has this test open (one avatar per user). */
export function PresenceAvatars({
  viewers,
  testId,
  selfId,
}: {
  viewers: readonly PresenceViewer[];
  testId: string;
  selfId: string | undefined;
}) {
  const others = new Map<string, string>();
  for (const v of viewers)
    if (v.test_id === testId && v.user_id !== selfId) others.set(v.user_id, v.display_name);
  if (others.size === 0) return null;
  const list = [...others.entries()];
  return (
    <Group gap={6} wrap="nowrap" data-testid="presence" data-count={list.length}>
      <Text size="xs" c="dimmed">
        also here
      </Text>
      <Tooltip.Group openDelay={150}>
        <Avatar.Group spacing="xs">
          {list.slice(0, 5).map(([id, name]) => (
            <Tooltip key={id} label={`${name} is viewing this test`} withArrow>
              <Avatar
                size={28}
                radius="xl"
                color="initials"
                name={name}
                data-testid="presence-avatar"
                data-name={name}
              >
                {initials(name)}
              </Avatar>
            </Tooltip>
          ))}
          {list.length > 5 && (
            <Avatar size={28} radius="xl">
              +{list.length - 5}
            </Avatar>
          )}
        </Avatar.Group>
      </Tooltip.Group>
    </Group>
  );
}
