import { Badge, Code, DataList, Group, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import type { AuditEvent } from '@metamorph/contract';
import { diffFields, showValue, type DiffRow } from './audit-diff';

const CHANGE_COLORS: Record<DiffRow['change'], string> = {
  added: 'teal',
  removed: 'red',
  changed: 'yellow',
  same: 'gray',
};

function Cell({ row, side }: { row: DiffRow; side: 'before' | 'after' }) {
  const present = side === 'before' ? row.change !== 'added' : row.change !== 'removed';
  if (!present)
    return (
      <Text size="xs" c="dimmed" fs="italic">
        absent
      </Text>
    );
  const tint =
    row.change === 'same'
      ? undefined
      : side === 'before'
        ? 'rgba(240, 82, 107, 0.12)'
        : 'rgba(56, 178, 120, 0.14)';
  return (
    <Code block fz="xs" bg={tint} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
      {showValue(side === 'before' ? row.before : row.after)}
    </Code>
  );
}

/** Before and after side by side; changed fields first and tinted. */
export function AuditDiffView({ event }: { event: AuditEvent }) {
  const rows = diffFields(event.before, event.after);
  return (
    <Stack gap="md" p="md" data-testid="audit-diff">
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          This event records no field changes.
        </Text>
      ) : (
        <Table withTableBorder withColumnBorders verticalSpacing={6} layout="fixed">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w="26%">Field</Table.Th>
              <Table.Th>Before</Table.Th>
              <Table.Th>After</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.field} data-testid="diff-row" data-change={row.change}>
                <Table.Td>
                  <Group gap={6}>
                    <Text
                      size="sm"
                      ff="monospace"
                      fw={row.change === 'same' ? 400 : 600}
                      style={{ wordBreak: 'break-all' }}
                    >
                      {row.field}
                    </Text>
                    {row.change !== 'same' && (
                      <Badge size="xs" variant="light" color={CHANGE_COLORS[row.change]}>
                        {row.change}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Cell row={row} side="before" />
                </Table.Td>
                <Table.Td>
                  <Cell row={row} side="after" />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <DataList labelWidth={110}>
          <Meta label="Request id" value={event.request_id} mono />
          <Meta label="User agent" value={event.user_agent} />
          <Meta label="Actor token" value={event.actor_token_id} mono />
        </DataList>
        <DataList labelWidth={110}>
          <Meta label="Sequence" value={String(event.seq)} mono />
          <Meta label="Hash" value={event.hash} mono />
          <Meta label="Previous hash" value={event.prev_hash} mono />
        </DataList>
      </SimpleGrid>
    </Stack>
  );
}

function Meta({
  label,
  value,
  mono = false,
}: {
  label: string;
  value: string | null;
  mono?: boolean;
}) {
  return (
    <DataList.Item>
      <DataList.ItemLabel c="dimmed" fz="xs">
        {label}
      </DataList.ItemLabel>
      <DataList.ItemValue
        fz="xs"
        ff={mono ? 'monospace' : undefined}
        style={{ wordBreak: 'break-all' }}
      >
        {value ?? '—'}
      </DataList.ItemValue>
    </DataList.Item>
  );
}
