import { Anchor, Badge, Group, Stack, Table, Text, Tooltip } from '@mantine/core';
import type { TestTemplateSummary } from '@metamorph/contract';
import { Link } from 'react-router';
import { formatDateTime, formatRelative } from '../../lib/format';
import { EXECUTOR_LABELS } from './labels';
import classes from './Library.module.css';
import { AttackTagBadges, FlaggedBadge } from './LibraryBits';
import { SOURCE_LABELS } from './library-filters';

export function testTemplatePath(id: string): string {
  return `/library/tests/${encodeURIComponent(id)}`;
}

/** The library's result rows: dense, one template per line. */
export function LibraryTable({ items }: { items: readonly TestTemplateSummary[] }) {
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table highlightOnHover verticalSpacing={8} data-testid="library-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th pl="md">Name</Table.Th>
            <Table.Th>ATT&CK</Table.Th>
            <Table.Th>Platforms</Table.Th>
            <Table.Th>Executor</Table.Th>
            <Table.Th pr="md">Source · updated</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((t) => (
            <Table.Tr
              key={t.id}
              className={classes.row}
              data-testid="library-row"
              data-name={t.name}
              data-flagged={t.flagged || undefined}
            >
              <Table.Td pl="md">
                <Stack gap={3}>
                  <Anchor
                    component={Link}
                    to={testTemplatePath(t.id)}
                    size="sm"
                    className={classes.nameLink}
                    lineClamp={2}
                    data-testid="library-row-link"
                  >
                    {t.name}
                  </Anchor>
                  {(t.flagged || t.tags.length > 0) && (
                    <Group gap={6} wrap="nowrap">
                      {t.flagged && <FlaggedBadge />}
                      {t.tags.length > 0 && (
                        <Text size="xs" c="dimmed" truncate="end" title={t.tags.join(', ')}>
                          {t.tags.map((g) => `#${g}`).join('  ')}
                        </Text>
                      )}
                    </Group>
                  )}
                </Stack>
              </Table.Td>
              <Table.Td w={190}>
                <AttackTagBadges tags={t.attack_tags} max={4} />
              </Table.Td>
              <Table.Td w={130}>
                <Text size="xs" c={t.platforms.length ? undefined : 'dimmed'} lineClamp={2}>
                  {t.platforms.join(', ') || '—'}
                </Text>
              </Table.Td>
              <Table.Td w={120}>
                {t.executor_name ? (
                  <Badge size="sm" variant="default" radius="sm" tt="none" fw={500}>
                    {EXECUTOR_LABELS[t.executor_name]}
                  </Badge>
                ) : (
                  <Text size="xs" c="dimmed">
                    —
                  </Text>
                )}
              </Table.Td>
              <Table.Td w={150} pr="md">
                <Stack gap={0}>
                  <Tooltip label={t.source_ref ?? ''} disabled={!t.source_ref}>
                    <Text size="xs" span w="fit-content">
                      {SOURCE_LABELS[t.source]}
                    </Text>
                  </Tooltip>
                  <Tooltip label={`Updated ${formatDateTime(t.updated_at)}`}>
                    <Text
                      size="xs"
                      c="dimmed"
                      span
                      w="fit-content"
                      style={{ whiteSpace: 'nowrap' }}
                    >
                      {formatRelative(t.updated_at)}
                    </Text>
                  </Tooltip>
                </Stack>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
