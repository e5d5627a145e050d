import { Badge, Table, Text } from '@mantine/core';
import type { PlanImportRow } from '@metamorph/contract';

const STATUS = {
  ok: { label: 'OK', color: 'teal.9', text: undefined },
  // Orange under white text fails 4.5:1 at every shade: a light orange with dark text.
  warning: { label: 'Warning', color: 'orange.6', text: 'dark.9' },
  error: { label: 'Error', color: 'red.9', text: undefined },
} as const;

/** Every row as the server checked it: status, techniques kept, what was left out and why. */
export function PlanRowsTable({ rows }: { rows: PlanImportRow[] }) {
  return (
    <Table withTableBorder striped data-testid="plan-rows">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Row</Table.Th>
          <Table.Th>Test</Table.Th>
          <Table.Th>Techniques</Table.Th>
          <Table.Th>Status</Table.Th>
          <Table.Th>Messages</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr key={r.row} data-testid="plan-row" data-status={r.status}>
            <Table.Td>{r.row}</Table.Td>
            <Table.Td>
              <Text size="sm">{r.name ?? '(no name)'}</Text>
            </Table.Td>
            <Table.Td>
              <Text size="xs">{r.technique_ids.join(', ') || '—'}</Text>
            </Table.Td>
            <Table.Td>
              <Badge color={STATUS[r.status].color} c={STATUS[r.status].text} variant="filled">
                {STATUS[r.status].label}
              </Badge>
            </Table.Td>
            <Table.Td>
              {r.messages.map((m) => (
                <Text size="xs" key={m}>
                  {m}
                </Text>
              ))}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
