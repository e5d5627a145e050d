import { ActionIcon, Anchor, Badge, Group, Stack, Text, Tooltip } from '@mantine/core';
import type { MissionMember, MissionTestSummary } from '@metamorph/contract';
import {
  IconCalendar,
  IconEye,
  IconEyeOff,
  IconFileOff,
  IconFileReport,
  IconTrash,
  IconUser,
} from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { testPath } from '../execution/execution-model';
import { TestFindings } from '../findings/TestFindings';
import { TestSelectCheckbox } from '../workspace/BulkSelection';
import { HiddenFromBlueBadge, SnapshotTagBadges, TestStateBadge } from './MissionBits';
import { PlanOutcomeBadges } from './PlanOutcomeBadges';
import { SortableItem } from './PlanSortable';
import { TestPlanPopover } from './TestPlanPopover';
import { plannedDay } from './plan-model';

export interface TestRowActions {
  missionId: string;
  members: readonly MissionMember[];
  /** Blind missions: tests can be hidden from blue. */
  blind: boolean;
  onToggleHidden: (test: MissionTestSummary) => void;
  /** The planning flag include_in_report (reports leave the test out when off). */
  onToggleReport: (test: MissionTestSummary) => void;
  onDelete: (test: MissionTestSummary) => void;
}

/** One test of the plan: order, name, who and when, ATT&CK tags, state; a lead's actions. */
export function PlanTestRow({
  test: t,
  sortable,
  assignee,
  actions,
}: {
  test: MissionTestSummary;
  sortable: boolean;
  assignee: string | null;
  /** Leads only. */
  actions: TestRowActions | null;
}) {
  const missionId = useParams().id ?? '';
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
          <TestSelectCheckbox id={t.id} name={t.snapshot_name} />
          {handle}
          <Badge variant="light" color="purple" radius="xl" w={30} px={0} style={{ flex: 'none' }}>
            {t.position + 1}
          </Badge>
          <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
            <Group gap={6} wrap="nowrap">
              <Anchor
                component={Link}
                to={testPath(missionId, t.id)}
                size="sm"
                fw={600}
                c="inherit"
                truncate="end"
                data-testid="plan-test-link"
              >
                {t.snapshot_name}
              </Anchor>
              {t.hidden_from_blue && <HiddenFromBlueBadge />}
            </Group>
            <Group gap={10}>
              {t.template_key ? (
                <Text size="xs" c="dimmed" ff="monospace">
                  {t.template_key}
                </Text>
              ) : (
                <Text size="xs" c="dimmed" fs="italic">
                  ad hoc
                </Text>
              )}
              {assignee && (
                <Group gap={3} wrap="nowrap" data-testid="plan-test-assignee-label">
                  <IconUser size={12} color="var(--mantine-color-dimmed)" />
                  <Text size="xs" c="dimmed">
                    {assignee}
                  </Text>
                </Group>
              )}
              {t.planned_on && (
                <Group gap={3} wrap="nowrap" data-testid="plan-test-day-label">
                  <IconCalendar size={12} color="var(--mantine-color-dimmed)" />
                  <Text size="xs" c="dimmed" title={t.planned_on}>
                    {plannedDay(t.planned_on)}
                  </Text>
                </Group>
              )}
            </Group>
          </Stack>
          <Group gap={4} wrap="nowrap" visibleFrom="sm" style={{ flex: 'none' }}>
            <SnapshotTagBadges tags={t.mitre_tags} max={3} />
          </Group>
          {!t.include_in_report && (
            <Badge
              size="sm"
              variant="outline"
              color="gray"
              tt="none"
              data-testid="plan-test-not-in-report"
            >
              Not in report
            </Badge>
          )}
          <TestFindings missionId={missionId} testId={t.id} />
          <PlanOutcomeBadges test={t} />
          <TestStateBadge state={t.state} />
          {actions && (
            <Group gap={0} wrap="nowrap" style={{ flex: 'none' }}>
              <TestPlanPopover missionId={actions.missionId} test={t} members={actions.members} />
              {actions.blind && (
                <Tooltip label={t.hidden_from_blue ? 'Show to blue' : 'Hide from blue'}>
                  <ActionIcon
                    variant="subtle"
                    color={t.hidden_from_blue ? 'dark' : 'gray'}
                    onClick={() => actions.onToggleHidden(t)}
                    aria-label={`${t.hidden_from_blue ? 'Show' : 'Hide'} “${t.snapshot_name}” ${t.hidden_from_blue ? 'to' : 'from'} blue`}
                    aria-pressed={t.hidden_from_blue}
                    data-testid="plan-test-hidden"
                  >
                    {t.hidden_from_blue ? <IconEyeOff size={16} /> : <IconEye size={16} />}
                  </ActionIcon>
                </Tooltip>
              )}
              <Tooltip label={t.include_in_report ? 'Leave out of reports' : 'Include in reports'}>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  onClick={() => actions.onToggleReport(t)}
                  aria-label={`${t.include_in_report ? 'Leave' : 'Include'} “${t.snapshot_name}” ${t.include_in_report ? 'out of' : 'in'} reports`}
                  aria-pressed={!t.include_in_report}
                  data-testid="plan-test-report"
                >
                  {t.include_in_report ? <IconFileReport size={16} /> : <IconFileOff size={16} />}
                </ActionIcon>
              </Tooltip>
              <Tooltip label="Remove the test from the plan">
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  onClick={() => actions.onDelete(t)}
                  aria-label={`Remove “${t.snapshot_name}”`}
                  data-testid="plan-test-delete"
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Tooltip>
            </Group>
          )}
        </Group>
      )}
    </SortableItem>
  );
}
