import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Group,
  Kbd,
  Stack,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import {
  TEST_STATE_LABELS,
  type MissionTestDetail,
  type PresenceViewer,
  type TestState,
} from '@metamorph/contract';
import { IconArrowLeft, IconChevronLeft, IconChevronRight, IconEye } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { LiveStatus } from '../../api/live';
import { TestFindings } from '../findings/TestFindings';
import { HiddenFromBlueBadge, SnapshotTagBadges } from '../missions/MissionBits';
import { TEST_STATE_META, missionPath } from '../missions/mission-model';
import { testPath, type StateAction } from './execution-model';
import { LiveBadge, PresenceAvatars } from './LiveBits';
import { StateActions } from './StateActions';

export function ExecutionStateBadge({ state }: { state: TestState }) {
  return (
    <Badge
      color={TEST_STATE_META[state].color}
      variant="filled"
      size="lg"
      radius="sm"
      tt="none"
      data-testid="execution-state"
      data-state={state}
    >
      {TEST_STATE_LABELS[state]}
    </Badge>
  );
}

interface Neighbour {
  id: string;
  name: string;
}

function NavButton({
  to,
  missionId,
  dir,
  keys,
}: {
  to: Neighbour | null;
  missionId: string;
  dir: 'prev' | 'next';
  keys: ReactNode;
}) {
  const icon = dir === 'prev' ? <IconChevronLeft size={16} /> : <IconChevronRight size={16} />;
  const label = dir === 'prev' ? 'Previous test' : 'Next test';
  return (
    <Tooltip
      label={
        <Group gap={6}>
          {to ? `${label}: ${to.name}` : `No ${label.toLowerCase()}`} {keys}
        </Group>
      }
    >
      {to ? (
        <ActionIcon
          component={Link}
          to={testPath(missionId, to.id)}
          variant="default"
          size="md"
          aria-label={label}
          data-testid={`test-${dir}`}
        >
          {icon}
        </ActionIcon>
      ) : (
        <ActionIcon
          variant="default"
          size="md"
          aria-label={label}
          disabled
          data-testid={`test-${dir}`}
        >
          {icon}
        </ActionIcon>
      )}
    </Tooltip>
  );
}

/** Mission link, position in the plan, prev/next; name, tags, state, its moves; live and presence. */
export function TestHeader(props: {
  test: MissionTestDetail;
  missionName: string | undefined;
  position: { prev: Neighbour | null; next: Neighbour | null; index: number; total: number };
  actions: readonly StateAction[];
  moving: boolean;
  onMove: (to: TestState, reason?: string | null) => void;
  onReveal: (() => void) | null;
  live: { status: LiveStatus; viewers: readonly PresenceViewer[] };
  selfId: string | undefined;
}) {
  const { test: t, position: p } = props;
  return (
    <Stack gap={8} data-testid="execution-header">
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
          <IconArrowLeft size={14} color="var(--mantine-color-dimmed)" />
          <Anchor
            component={Link}
            to={missionPath(t.mission_id)}
            size="sm"
            fw={500}
            truncate="end"
            data-testid="execution-mission"
          >
            {props.missionName ?? 'Mission'}
          </Anchor>
          {p.index >= 0 && (
            <Text
              size="sm"
              c="dimmed"
              style={{ whiteSpace: 'nowrap' }}
              data-testid="execution-position"
            >
              · test {p.index + 1} of {p.total}
            </Text>
          )}
        </Group>
        <Group gap={4} wrap="nowrap">
          <NavButton
            to={p.prev}
            missionId={t.mission_id}
            dir="prev"
            keys={
              <>
                <Kbd size="xs">k</Kbd>
                <Kbd size="xs">Alt+←</Kbd>
              </>
            }
          />
          <NavButton
            to={p.next}
            missionId={t.mission_id}
            dir="next"
            keys={
              <>
                <Kbd size="xs">j</Kbd>
                <Kbd size="xs">Alt+→</Kbd>
              </>
            }
          />
        </Group>
      </Group>
      <Group gap="sm" align="center" wrap="wrap">
        <Title order={1} fz={{ base: 20, sm: 24 }} lh={1.25} data-testid="execution-name">
          {t.snapshot_name}
        </Title>
        <ExecutionStateBadge state={t.state} />
        {t.hidden_from_blue && <HiddenFromBlueBadge />}
        <TestFindings missionId={t.mission_id} testId={t.id} />
        {t.template_key && (
          <Text size="xs" c="dimmed" ff="monospace">
            {t.template_key} v{t.template_version}
          </Text>
        )}
      </Group>
      {(t.mitre_tags.length > 0 || t.state_reason) && (
        <Group gap={6}>
          <SnapshotTagBadges tags={t.mitre_tags} />
          {t.state_reason && (t.state === 'skipped' || t.state === 'blocked') && (
            <Text size="sm" c="dimmed" fs="italic" data-testid="state-reason-text">
              “{t.state_reason}”
            </Text>
          )}
        </Group>
      )}
      <Group justify="space-between" gap="sm" wrap="wrap">
        <Group gap="xs">
          <StateActions actions={props.actions} busy={props.moving} onMove={props.onMove} />
          {props.onReveal && (
            <Button
              size="xs"
              variant="subtle"
              color="dark"
              leftSection={<IconEye size={14} />}
              onClick={props.onReveal}
              data-testid="reveal"
            >
              Reveal to blue
            </Button>
          )}
        </Group>
        <Group gap="sm" wrap="nowrap">
          <PresenceAvatars viewers={props.live.viewers} testId={t.id} selfId={props.selfId} />
          <LiveBadge
            actor={t.last_actor_display_name}
            at={t.updated_at}
            status={props.live.status}
          />
        </Group>
      </Group>
    </Stack>
  );
}
