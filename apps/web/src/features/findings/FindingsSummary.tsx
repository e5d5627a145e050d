import { Group, Text } from '@mantine/core';
import type { Finding } from '@metamorph/contract';
import { SeverityBadge } from './FindingBits';
import { SEVERITIES } from './finding-model';

/** "3 open · 1 closed" and the open findings per severity, worst first. */
export function FindingsSummary({ items }: { items: readonly Finding[] }) {
  const open = items.filter((f) => f.status !== 'retest_passed');
  const closed = items.length - open.length;
  const bySeverity = SEVERITIES.map(
    (s) => [s, open.filter((f) => f.severity === s).length] as const,
  );
  return (
    <Group gap="md" data-testid="findings-summary">
      <Text size="sm">
        <Text span fw={700} data-testid="findings-open-count">
          {open.length}
        </Text>{' '}
        open ·{' '}
        <Text span fw={700} data-testid="findings-closed-count">
          {closed}
        </Text>{' '}
        closed by a retest
      </Text>
      {bySeverity
        .filter(([, n]) => n > 0)
        .map(([s, n]) => (
          <Group key={s} gap={4} wrap="nowrap">
            <SeverityBadge severity={s} />
            <Text size="sm" fw={600}>
              {n}
            </Text>
          </Group>
        ))}
    </Group>
  );
}
