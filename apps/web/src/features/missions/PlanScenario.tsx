import { ActionIcon, Badge, Group, Stack, Text, Tooltip } from '@mantine/core';
import type { MissionScenario, MissionTestSummary } from '@metamorph/contract';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { PlanTestRow, type TestRowActions } from './PlanTestRow';
import { SortableItem, SortableList } from './PlanSortable';

export interface ScenarioActions extends TestRowActions {
  onRename: (scenario: MissionScenario) => void;
  onAddTest: (scenario: MissionScenario) => void;
  onDeleteScenario: (scenario: MissionScenario) => void;
}

interface ScenarioProps {
  scenario: MissionScenario;
  index: number;
  /** The tests to show (filtered), in order. */
  tests: MissionTestSummary[];
  sortable: boolean;
  names: Map<string, string>;
  onMoveTest: (activeId: string, overId: string) => void;
  /** Leads only. */
  actions: ScenarioActions | null;
}

/** One scenario of the plan: its header and its tests in order (sortable for leads). */
export function PlanScenario(p: ScenarioProps) {
  const { scenario: s, actions } = p;
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
              <Text fw={650} truncate="end" data-testid="plan-scenario-name">
                {s.name}
              </Text>
              {(s.template_key || s.description) && (
                <Text size="xs" c="dimmed" truncate="end">
                  {s.template_key ? `${s.template_key} · v${s.template_version}` : s.description}
                </Text>
              )}
            </Stack>
            <Badge
              variant="default"
              radius="sm"
              style={{ flex: 'none' }}
              data-testid="plan-scenario-count"
            >
              {/* Filtered: how many of the scenario's tests are shown. */}
              {p.tests.length === s.tests.length ? '' : `${p.tests.length} of `}
              {s.tests.length} test{s.tests.length === 1 ? '' : 's'}
            </Badge>
            {actions && (
              <Group gap={0} wrap="nowrap" style={{ flex: 'none' }}>
                <Tooltip label="New ad hoc test in this scenario">
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    onClick={() => actions.onAddTest(s)}
                    aria-label={`New test in “${s.name}”`}
                    data-testid="plan-scenario-add-test"
                  >
                    <IconPlus size={16} />
                  </ActionIcon>
                </Tooltip>
                <Tooltip label="Rename">
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    onClick={() => actions.onRename(s)}
                    aria-label={`Rename scenario “${s.name}”`}
                    data-testid="plan-scenario-rename"
                  >
                    <IconPencil size={16} />
                  </ActionIcon>
                </Tooltip>
                <Tooltip label="Remove the scenario from the plan">
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    onClick={() => actions.onDeleteScenario(s)}
                    aria-label={`Remove scenario “${s.name}”`}
                    data-testid="plan-scenario-delete"
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                </Tooltip>
              </Group>
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
                    actions={actions}
                    assignee={
                      t.assignee_id ? (p.names.get(t.assignee_id) ?? 'Unknown member') : null
                    }
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
