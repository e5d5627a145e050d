import { Anchor, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Mission, TestState } from '@metamorph/contract';
import { IconArrowRight, IconEdit, IconEyeOff, IconRepeat, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useDeleteMission, useUpdateMission } from '../../api/missions';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ArchiveExportButton } from '../archive/ArchiveExportButton';
import { ExportMenu } from '../results/ExportMenu';
import { MissionProgress, RoleBadge, StatusBadge, TestStateBadge } from './MissionBits';
import {
  TEST_STATE_META,
  dateRange,
  missionBody,
  missionFormOf,
  transitionsOf,
} from './mission-model';

/** The mission page's header: name, status, dates, role, exports, a lead's status moves. */
export function MissionHeader({ mission: m }: { mission: Mission }) {
  const update = useUpdateMission();
  const remove = useDeleteMission();
  const navigate = useNavigate();
  const [deleting, setDeleting] = useState(false);
  const transitions = m.can_manage ? transitionsOf(m.status) : [];
  const states = Object.entries(m.state_counts).filter(([, n]) => n > 0);

  return (
    <Card p="lg">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" gap="md">
          <Stack gap={6} style={{ flex: 1, minWidth: 240 }}>
            <Text size="xs" fw={600} c="purple" tt="uppercase" lts={0.8}>
              <Anchor component={Link} to="/missions" inherit c="purple" underline="always">
                Missions
              </Anchor>{' '}
              · {m.client.name}
            </Text>
            <Group gap="sm">
              <Title order={1} fz={{ base: 24, sm: 28 }} lh={1.2} data-testid="mission-name">
                {m.name}
              </Title>
              <StatusBadge status={m.status} size="lg" />
              {m.visibility === 'blind' && (
                <Badge color="dark" variant="light" leftSection={<IconEyeOff size={12} />}>
                  Blind
                </Badge>
              )}
              {m.retest_of_mission_id && (
                <Badge
                  component={Link}
                  to={`/missions/${m.retest_of_mission_id}/compare/${m.id}`}
                  color="purple"
                  variant="outline"
                  tt="none"
                  leftSection={<IconRepeat size={12} />}
                  style={{ cursor: 'pointer' }}
                  data-testid="mission-retest-of"
                >
                  Retest: compare with the original
                </Badge>
              )}
            </Group>
            <Group gap="xs">
              <Text size="sm" c="dimmed">
                {dateRange(m.start_date, m.end_date)}
              </Text>
              <RoleBadge role={m.my_role} />
              {m.tags.map((t) => (
                <Badge key={t} size="sm" variant="light" color="purple" tt="none" fw={500}>
                  #{t}
                </Badge>
              ))}
            </Group>
          </Stack>
          <Group gap="sm">
            <ExportMenu mission={m} />
            <ArchiveExportButton mission={m} />
            {m.can_manage && (
              <Group gap="sm">
                {transitions.map((t) => (
                  <Button
                    key={t.to}
                    variant={t.to === 'active' && m.status === 'planned' ? 'filled' : 'default'}
                    rightSection={<IconArrowRight size={16} />}
                    loading={update.isPending && update.variables.body.status === t.to}
                    onClick={() =>
                      update.mutate(
                        // The current fields go along: the server fills fields left out with their
                        // defaults (zod applies defaults inside .partial()), wiping them.
                        {
                          id: m.id,
                          body: {
                            ...missionBody(missionFormOf(m)),
                            status: t.to,
                            version: m.version,
                          },
                        },
                        {
                          onSuccess: (u) =>
                            notifications.show({
                              color: 'teal',
                              message: `“${u.name}” is now ${u.status}`,
                            }),
                        },
                      )
                    }
                    data-testid={`mission-to-${t.to}`}
                  >
                    {t.label}
                  </Button>
                ))}
                <Button
                  variant="default"
                  component={Link}
                  to={`/missions/${m.id}/edit`}
                  leftSection={<IconEdit size={16} />}
                  data-testid="mission-edit"
                >
                  Edit
                </Button>
                <Button
                  variant="subtle"
                  color="red"
                  leftSection={<IconTrash size={16} />}
                  onClick={() => setDeleting(true)}
                  data-testid="mission-delete"
                >
                  Delete
                </Button>
              </Group>
            )}
          </Group>
        </Group>
        {update.isError && <ErrorAlert error={update.error} title="The status could not change" />}
        <Group gap="lg" wrap="wrap">
          <MissionProgress counts={m.state_counts} width={260} />
          <Group gap={6} data-testid="mission-state-counts">
            {states.length === 0 ? (
              <Text size="sm" c="dimmed">
                No test planned yet
              </Text>
            ) : (
              states.map(([state, n]) => (
                <Group key={state} gap={4} wrap="nowrap">
                  <TestStateBadge state={state as TestState} />
                  <Text
                    size="sm"
                    fw={600}
                    aria-label={`${TEST_STATE_META[state as TestState]?.label}: ${n}`}
                  >
                    {n}
                  </Text>
                </Group>
              ))
            )}
          </Group>
        </Group>
      </Stack>
      <ConfirmDialog
        opened={deleting}
        title="Delete this mission?"
        confirmLabel="Delete"
        loading={remove.isPending}
        onConfirm={() =>
          remove.mutate(m.id, {
            onSuccess: () => {
              notifications.show({ color: 'teal', message: `Deleted “${m.name}”` });
              void navigate('/missions');
            },
          })
        }
        onClose={() => setDeleting(false)}
      >
        <Stack gap="sm">
          <Text size="sm">
            “{m.name}” disappears from the lists. An administrator can restore it.
          </Text>
          {remove.isError && <ErrorAlert error={remove.error} />}
        </Stack>
      </ConfirmDialog>
    </Card>
  );
}
