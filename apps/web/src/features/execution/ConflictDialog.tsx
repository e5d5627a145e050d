import { Alert, Badge, Button, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { ZoneConflict } from './use-zone';

function Cell({ value }: { value: string | null }) {
  if (value === null)
    return (
      <Text size="xs" c="dimmed">
        not edited
      </Text>
    );
  return (
    <Text
      size="xs"
      ff="monospace"
      lineClamp={3}
      style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}
    >
      {value}
    </Text>
  );
}

/**
 * "Someone changed this test while you edited it": what changed on the server, beside the
 * user's unsaved values; re-apply mine (on top of the new version) or discard mine.
 */
export function ConflictDialog({
  zone,
  conflict,
  actor,
  onReapply,
  onDiscard,
  onClose,
}: {
  zone: string;
  conflict: ZoneConflict | null;
  actor: string | null;
  onReapply: () => void;
  onDiscard: () => void;
  onClose: () => void;
}) {
  const clashes = conflict?.rows.filter((r) => r.clash).length ?? 0;
  return (
    <Modal
      opened={conflict !== null}
      onClose={onClose}
      title={
        <Group gap={8}>
          <IconAlertTriangle size={18} color="var(--mantine-color-orange-6)" />
          <Text fw={600}>The test changed while you were editing</Text>
        </Group>
      }
      size="lg"
      data-testid="conflict-dialog"
    >
      <Stack gap="sm">
        <Alert color="orange" variant="light" p="xs">
          <Text size="sm">
            {actor ? <b>{actor}</b> : 'Someone'} saved a newer version of this test. Nothing of
            yours was saved yet ({zone}).{' '}
            {clashes > 0
              ? `${clashes} field${clashes > 1 ? 's' : ''} you edited changed on the server too.`
              : ''}
          </Text>
        </Alert>
        <Table
          withTableBorder
          withColumnBorders
          fz="xs"
          verticalSpacing={6}
          data-testid="conflict-rows"
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={140}>Field</Table.Th>
              <Table.Th>On the server now</Table.Th>
              <Table.Th>Yours (unsaved)</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(conflict?.rows ?? []).map((r) => (
              <Table.Tr
                key={r.field}
                data-testid="conflict-row"
                data-field={r.field}
                data-clash={r.clash || undefined}
              >
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Text size="xs" fw={600}>
                      {r.label}
                    </Text>
                    {r.clash && (
                      <Badge size="xs" color="orange" variant="light">
                        both
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Cell value={r.theirs} />
                </Table.Td>
                <Table.Td>
                  <Cell value={r.mine} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            Keep editing
          </Button>
          <Button variant="light" color="gray" onClick={onDiscard} data-testid="conflict-discard">
            Discard mine
          </Button>
          <Button color="orange" onClick={onReapply} data-testid="conflict-reapply">
            Re-apply my changes
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
