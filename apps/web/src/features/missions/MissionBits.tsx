import { Badge, Group, Progress, Text, Tooltip } from '@mantine/core';
import type { AttackTagSnapshot, MissionRole, MissionStatus, TestState } from '@metamorph/contract';
import { IconEyeOff } from '@tabler/icons-react';
import { AttackTagBadges } from '../library/LibraryBits';
import { ROLE_META, STATUS_META, TEST_STATE_META, progressOf, snapshotTag } from './mission-model';

export function StatusBadge({
  status,
  size = 'sm',
}: {
  status: MissionStatus;
  size?: 'sm' | 'lg';
}) {
  const meta = STATUS_META[status];
  return (
    <Badge
      color={meta.color}
      variant="light"
      size={size}
      data-testid="mission-status"
      data-status={status}
    >
      {meta.label}
    </Badge>
  );
}

export function RoleBadge({ role }: { role: MissionRole | null }) {
  if (!role)
    return (
      <Tooltip label="You see this mission as an administrator, not as a member">
        <Badge color="gray" variant="outline" size="sm" tt="none" data-testid="mission-role">
          Admin
        </Badge>
      </Tooltip>
    );
  const meta = ROLE_META[role];
  return (
    <Tooltip label={meta.hint}>
      <Badge
        color={meta.color}
        variant="light"
        size="sm"
        tt="none"
        data-testid="mission-role"
        data-role={role}
      >
        {meta.label}
      </Badge>
    </Tooltip>
  );
}

export function TestStateBadge({ state }: { state: TestState }) {
  const meta = TEST_STATE_META[state];
  return (
    <Badge
      color={meta.color}
      variant="light"
      size="sm"
      tt="none"
      data-testid="test-state"
      data-state={state}
    >
      {meta.label}
    </Badge>
  );
}

/** The executed + reviewed share of the tests, as a bar with "3 / 10". */
export function MissionProgress({
  counts,
  width = 140,
}: {
  counts: Record<string, number>;
  width?: number | string;
}) {
  const p = progressOf(counts);
  const reviewed = counts.reviewed_by_blue ?? 0;
  const executed = counts.executed ?? 0;
  const tip = p.total
    ? `${executed} executed, ${reviewed} reviewed by blue, ${p.total - p.done} to do`
    : 'No test planned';
  return (
    <Tooltip label={tip}>
      <Group
        gap={8}
        wrap="nowrap"
        data-testid="mission-progress"
        data-done={p.done}
        data-total={p.total}
      >
        <Progress.Root w={width} size="md" radius="xl" style={{ flex: 'none' }}>
          <Progress.Section
            value={p.total ? (reviewed / p.total) * 100 : 0}
            color="teal"
            aria-label={`Reviewed by blue: ${reviewed}`}
          />
          <Progress.Section
            value={p.total ? (executed / p.total) * 100 : 0}
            color="orange"
            aria-label={`Executed: ${executed}`}
          />
        </Progress.Root>
        <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {p.done} / {p.total}
        </Text>
      </Group>
    </Tooltip>
  );
}

export function SnapshotTagBadges({
  tags,
  max,
}: {
  tags: readonly AttackTagSnapshot[];
  max?: number;
}) {
  return <AttackTagBadges tags={tags.map(snapshotTag)} {...(max === undefined ? {} : { max })} />;
}

export function HiddenFromBlueBadge() {
  return (
    <Tooltip label="Hidden from blue until revealed">
      <Badge
        color="dark"
        variant="light"
        size="sm"
        tt="none"
        leftSection={<IconEyeOff size={11} />}
      >
        Hidden
      </Badge>
    </Tooltip>
  );
}
