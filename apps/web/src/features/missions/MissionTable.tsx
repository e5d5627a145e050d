import { Anchor, Badge, Button, Group, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { MissionSummary } from '@metamorph/contract';
import { IconEyeOff, IconRestore } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useRestoreMission } from '../../api/missions';
import { ErrorAlert } from '../../components/ErrorAlert';
import classes from '../library/Library.module.css';
import { MissionProgress, RoleBadge, StatusBadge } from './MissionBits';
import { dateRange, missionPath } from './mission-model';

/** The mission list; deleted rows (admins' "Include deleted") offer Restore. */
export function MissionTable({
  items,
  onTag,
  canRestore,
}: {
  items: readonly MissionSummary[];
  onTag: (tag: string) => void;
  canRestore: boolean;
}) {
  const restore = useRestoreMission();
  return (
    <>
      {restore.isError && (
        <Stack px="md" pb="md">
          <ErrorAlert error={restore.error} title="The mission was not restored" />
        </Stack>
      )}
      <Table.ScrollContainer minWidth={860}>
        <Table highlightOnHover verticalSpacing={8} data-testid="missions-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th pl="md">Mission</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Dates</Table.Th>
              <Table.Th>Progress</Table.Th>
              <Table.Th pr="md">My role</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((m) => (
              <Table.Tr
                key={m.id}
                data-testid="mission-row"
                data-name={m.name}
                data-deleted={m.deleted_at ? 'true' : undefined}
                style={m.deleted_at ? { opacity: 0.75 } : undefined}
              >
                <Table.Td pl="md">
                  <Stack gap={4}>
                    <Group gap={6} wrap="nowrap">
                      <Anchor
                        component={Link}
                        to={missionPath(m.id)}
                        size="sm"
                        className={classes.nameLink}
                        lineClamp={1}
                        data-testid="mission-row-link"
                      >
                        {m.name}
                      </Anchor>
                      {m.visibility === 'blind' && (
                        <Badge
                          size="xs"
                          color="dark"
                          variant="light"
                          leftSection={<IconEyeOff size={10} />}
                        >
                          Blind
                        </Badge>
                      )}
                      {m.deleted_at && (
                        <Badge size="xs" color="red" variant="light" data-testid="mission-deleted">
                          Deleted
                        </Badge>
                      )}
                      {m.deleted_at && canRestore && (
                        <Button
                          size="compact-xs"
                          variant="light"
                          leftSection={<IconRestore size={12} />}
                          loading={restore.isPending && restore.variables === m.id}
                          onClick={() =>
                            restore.mutate(m.id, {
                              onSuccess: (r) =>
                                notifications.show({
                                  color: 'teal',
                                  message: `Restored “${r.name}”`,
                                }),
                            })
                          }
                          data-testid="mission-restore"
                        >
                          Restore
                        </Button>
                      )}
                    </Group>
                    <Group gap={4}>
                      <Text size="xs" c="dimmed">
                        {m.client.name}
                      </Text>
                      {m.tags.map((t) => (
                        <UnstyledButton key={t} onClick={() => onTag(t)} aria-label={`Tag ${t}`}>
                          <Badge size="xs" variant="light" color="purple" tt="none" fw={500}>
                            #{t}
                          </Badge>
                        </UnstyledButton>
                      ))}
                    </Group>
                  </Stack>
                </Table.Td>
                <Table.Td w={110}>
                  <StatusBadge status={m.status} />
                </Table.Td>
                <Table.Td w={220}>
                  <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                    {dateRange(m.start_date, m.end_date)}
                  </Text>
                </Table.Td>
                <Table.Td w={200}>
                  <MissionProgress counts={m.state_counts} />
                </Table.Td>
                <Table.Td w={100} pr="md">
                  <RoleBadge role={m.my_role} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </>
  );
}
