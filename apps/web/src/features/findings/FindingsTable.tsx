import { Anchor, Badge, Checkbox, Group, Stack, Table, Text, Tooltip } from '@mantine/core';
import type { Finding } from '@metamorph/contract';
import { IconAlarm } from '@tabler/icons-react';
import { formatDate } from '../../lib/format';
import { FindingStatusBadge, SeverityBadge } from './FindingBits';
import { findingLabel, isOverdue } from './finding-model';

/** The findings of a mission; leads tick rows for a retest and open one to edit it. */
export function FindingsTable({
  items,
  selected,
  onSelect,
  onOpen,
}: {
  items: readonly Finding[];
  /** Null: no selection column (not a lead). */
  selected: ReadonlySet<string> | null;
  onSelect: (ids: string[], on: boolean) => void;
  onOpen: (f: Finding) => void;
}) {
  const selectable = items.filter((f) => f.status !== 'retest_passed' && f.test_ids.length > 0);
  const all =
    selected !== null && selectable.length > 0 && selectable.every((f) => selected.has(f.id));
  return (
    <Table.ScrollContainer minWidth={960}>
      <Table highlightOnHover verticalSpacing={8} data-testid="findings-table">
        <Table.Thead>
          <Table.Tr>
            {selected && (
              <Table.Th w={40} pl="md">
                <Checkbox
                  aria-label="Select every finding that can be retested"
                  checked={all}
                  indeterminate={!all && selectable.some((f) => selected.has(f.id))}
                  onChange={(e) =>
                    onSelect(
                      selectable.map((f) => f.id),
                      e.currentTarget.checked,
                    )
                  }
                  data-testid="findings-select-all"
                />
              </Table.Th>
            )}
            <Table.Th w={64} pl={selected ? undefined : 'md'}>
              #
            </Table.Th>
            <Table.Th>Finding</Table.Th>
            <Table.Th>Severity</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Owner</Table.Th>
            <Table.Th>Due</Table.Th>
            <Table.Th ta="right" pr="md">
              Tests
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((f) => (
            <Table.Tr
              key={f.id}
              data-testid="finding-row"
              data-number={f.number}
              data-status={f.status}
            >
              {selected && (
                <Table.Td pl="md">
                  <Checkbox
                    aria-label={`Select ${findingLabel(f)} for a retest`}
                    checked={selected.has(f.id)}
                    disabled={!selectable.includes(f)}
                    onChange={(e) => onSelect([f.id], e.currentTarget.checked)}
                    data-testid="finding-select"
                  />
                </Table.Td>
              )}
              <Table.Td pl={selected ? undefined : 'md'}>
                <Text size="sm" ff="monospace" fw={600} className="mm-muted">
                  {findingLabel(f)}
                </Text>
              </Table.Td>
              <Table.Td>
                <Stack gap={4}>
                  <Anchor
                    component="button"
                    type="button"
                    size="sm"
                    fw={600}
                    ta="left"
                    onClick={() => onOpen(f)}
                    data-testid="finding-open"
                  >
                    {f.title}
                  </Anchor>
                  {f.techniques.length > 0 && (
                    <Group gap={4}>
                      {f.techniques.slice(0, 4).map((t) => (
                        <Tooltip key={t.external_id} label={t.name ?? t.external_id}>
                          <Badge size="xs" variant="light" color="purple" tt="none" ff="monospace">
                            {t.external_id}
                          </Badge>
                        </Tooltip>
                      ))}
                      {f.techniques.length > 4 && (
                        <Text size="xs" className="mm-muted">
                          +{f.techniques.length - 4}
                        </Text>
                      )}
                    </Group>
                  )}
                </Stack>
              </Table.Td>
              <Table.Td>
                <SeverityBadge severity={f.severity} />
              </Table.Td>
              <Table.Td>
                <FindingStatusBadge status={f.status} />
              </Table.Td>
              <Table.Td>
                <Text
                  size="sm"
                  className={f.owner_display_name || f.owner_name ? undefined : 'mm-muted'}
                >
                  {f.owner_display_name ?? f.owner_name ?? 'Unassigned'}
                </Text>
              </Table.Td>
              <Table.Td>
                {f.due_on ? (
                  <Group gap={4} wrap="nowrap">
                    {isOverdue(f) && (
                      <IconAlarm
                        size={14}
                        color="var(--mantine-color-red-7)"
                        aria-label="Overdue"
                      />
                    )}
                    <Text
                      size="sm"
                      style={{ whiteSpace: 'nowrap' }}
                      c={isOverdue(f) ? 'var(--mantine-color-red-light-color)' : undefined}
                    >
                      {formatDate(f.due_on)}
                    </Text>
                  </Group>
                ) : (
                  <Text size="sm" className="mm-muted">
                    —
                  </Text>
                )}
              </Table.Td>
              <Table.Td ta="right" pr="md">
                <Text size="sm" fw={600} data-testid="finding-test-count">
                  {f.test_ids.length}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
