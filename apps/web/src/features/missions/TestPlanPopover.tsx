import {
  ActionIcon,
  Button,
  Group,
  Popover,
  Select,
  Stack,
  TextInput,
  Tooltip,
} from '@mantine/core';
import type { MissionMember, MissionTestSummary } from '@metamorph/contract';
import { IconCalendarUser } from '@tabler/icons-react';
import { useState } from 'react';
import { usePlanChange } from '../../api/missions-plan';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ROLE_META } from './mission-model';
import { planningPatch } from './plan-model';

/** A lead's small form on a test row: who runs it and on which day. */
export function TestPlanPopover({
  missionId,
  test,
  members,
}: {
  missionId: string;
  test: MissionTestSummary;
  members: readonly MissionMember[];
}) {
  const change = usePlanChange(missionId);
  const [opened, setOpened] = useState(false);
  const [assignee, setAssignee] = useState<string | null>(test.assignee_id);
  const [day, setDay] = useState(test.planned_on ?? '');
  const open = () => {
    setAssignee(test.assignee_id);
    setDay(test.planned_on ?? '');
    change.reset();
    setOpened(true);
  };
  const body = planningPatch(test, assignee, day);
  const save = () =>
    change.mutate(
      { change: { kind: 'test', testId: test.id, body } },
      { onSuccess: () => setOpened(false) },
    );
  return (
    <Popover
      opened={opened}
      onChange={setOpened}
      position="bottom-end"
      withArrow
      shadow="md"
      trapFocus
    >
      <Popover.Target>
        <Tooltip label="Assignee and planned day" disabled={opened}>
          <ActionIcon
            variant="subtle"
            color="gray"
            onClick={() => (opened ? setOpened(false) : open())}
            aria-label={`Plan “${test.snapshot_name}”`}
            data-testid="plan-test-plan"
          >
            <IconCalendarUser size={16} />
          </ActionIcon>
        </Tooltip>
      </Popover.Target>
      <Popover.Dropdown w={300} data-testid="plan-test-form">
        <Stack gap="sm">
          <Select
            label="Assignee"
            placeholder="Unassigned"
            data={members.map((m) => ({
              value: m.user_id,
              label: `${m.display_name} · ${ROLE_META[m.role].label}`,
            }))}
            value={assignee}
            onChange={setAssignee}
            clearable
            searchable
            comboboxProps={{ withinPortal: false }}
            data-testid="plan-test-assignee"
          />
          <TextInput
            type="date"
            label="Planned day"
            value={day}
            onChange={(e) => setDay(e.currentTarget.value)}
            data-testid="plan-test-day"
          />
          {change.isError && <ErrorAlert error={change.error} />}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" size="xs" onClick={() => setOpened(false)}>
              Cancel
            </Button>
            <Button
              size="xs"
              onClick={save}
              loading={change.isPending}
              disabled={Object.keys(body).length === 0}
              data-testid="plan-test-save"
            >
              Save
            </Button>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
