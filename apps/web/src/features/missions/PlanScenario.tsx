import { ActionIcon, Badge, Group, Stack, Text, Tooltip } from '@mantine/core';
import type { MissionScenario, MissionTestSummary } from '@metamorph/contract';
import { IconCalendar, IconTrash, IconUser } from '@tabler/icons-react';
import { HiddenFromBlueBadge, SnapshotTagBadges, TestStateBadge } from './MissionBits';
import { SortableItem, SortableList } from './PlanSortable';

interface ScenarioProps {
  scenario: MissionScenario;
  index: number;
  /** The tests to show (filtered), in order. */
  tests: MissionTestSummary[];
  sortable: boolean;
  manage: boolean;
  names: Map<string, string>;
  onMoveTest: (activeId: string, overId: string) => void;
  onDeleteScenario: () => void;
  onDeleteTest: (test: MissionTestSummary) => void;
}

/** One scenario of the plan: its header and its tests in order (sortable for leads). */
export function PlanScenario(p: ScenarioProps) {
  const { scenario: s } = p;
  return (
    <SortableItem
      id={s.id}
      sortable={p.sortable}
      label={`Drag scenario “${s.name}” to reorder`}
      testId="plan-scenario"
      handleTestId="plan-scenario-handle"
      name={s.name}
    >
      {(handle) => (
        <Stack gap="sm" p="md">
          <Group gap="xs" wrap="nowrap">
            {handle}
            <Badge variant="filled" color="purple" radius="sm" style={{ flex: 'none' }}>
              {p.index + 1}
            </Badge>
            <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
              <Text fw={650} truncate="end">
                {s.name}
              </Text>
              {s.template_key && (
                <Text size="xs" c="dimmed" ff="monospace" truncate="end">
                  {s.template_key} · v{s.template_version}
                </Text>
              )}
            </Stack>
            <Badge variant="default" radius="sm" style={{ flex: 'none' }}>
              {s.tests.length} test{s.tests.length === 1 ? '' : 's'}
            </Badge>
            {p.manage && (
              <Tooltip label="Remove the scenario from the plan">
                <ActionIcon
                  variant="subtle"
                  color="red"
                  onClick={p.onDeleteScenario}
                  aria-label={`Remove scenario “${s.name}”`}
                  data-testid="plan-scenario-delete"
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Tooltip>
            )}
          </Group>
          {p.tests.length === 0 ? (
            <Text size="sm" c="dimmed" ta="center" py="xs">
              {s.tests.length === 0 ? 'No test in this scenario.' : 'No test matches the filters.'}
            </Text>
          ) : (
            <SortableList ids={p.tests.map((t) => t.id)} onMove={p.onMoveTest}>
              <Stack gap={6} data-testid="plan-tests">
                {p.tests.map((t) => (
                  <PlanTestRow
                    key={t.id}
                    test={t}
                    sortable={p.sortable}
                    manage={p.manage}
                    assignee={
                      t.assignee_id ? (p.names.get(t.assignee_id) ?? 'Unknown member') : null
                    }
                    onDelete={() => p.onDeleteTest(t)}
                  />
                ))}
              </Stack>
            </SortableList>
          )}
        </Stack>
      )}
    </SortableItem>
  );
}

function PlanTestRow({
  test: t,
  sortable,
  manage,
  assignee,
  onDelete,
}: {
  test: MissionTestSummary;
  sortable: boolean;
  manage: boolean;
  assignee: string | null;
  onDelete: () => void;
}) {
  return (
    <SortableItem
      id={t.id}
      sortable={sortable}
      label={`Drag “${t.snapshot_name}” to reorder`}
      testId="plan-test"
      handleTestId="plan-test-handle"
      name={t.snapshot_name}
    >
      {(handle) => (
        <Group gap="xs" wrap="nowrap" px="xs" py={6} data-state={t.state}>
          {handle}
          <Badge variant="light" color="purple" radius="xl" w={30} px={0} style={{ flex: 'none' }}>
            {t.position + 1}
          </Badge>
          <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
            <Group gap={6} wrap="nowrap">
              <Text size="sm" fw={600} truncate="end">
                {t.snapshot_name}
              </Text>
              {t.hidden_from_blue && <HiddenFromBlueBadge />}
            </Group>
            <Group gap={10}>
              {t.template_key && (
                <Text size="xs" c="dimmed" ff="monospace">
                  {t.template_key}
                </Text>
              )}
              {assignee && (
                <Group gap={3} wrap="nowrap">
                  <IconUser size={12} color="var(--mantine-color-dimmed)" />
                  <Text size="xs" c="dimmed">
                    {assignee}
                  </Text>
                </Group>
              )}
              {t.planned_on && (
                <Group gap={3} wrap="nowrap">
                  <IconCalendar size={12} color="var(--mantine-color-dimmed)" />
                  <Text size="xs" c="dimmed">
                    {t.planned_on}
                  </Text>
                </Group>
              )}
            </Group>
          </Stack>
          <Group gap={4} wrap="nowrap" visibleFrom="sm" style={{ flex: 'none' }}>
            <SnapshotTagBadges tags={t.mitre_tags} max={4} />
          </Group>
          <TestStateBadge state={t.state} />
          {manage && (
            <Tooltip label="Remove the test from the plan">
              <ActionIcon
                variant="subtle"
                color="gray"
                onClick={onDelete}
                aria-label={`Remove “${t.snapshot_name}”`}
                data-testid="plan-test-delete"
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Tooltip>
          )}
        </Group>
      )}
    </SortableItem>
  );
}
