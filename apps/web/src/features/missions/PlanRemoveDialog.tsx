import { Button, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { MissionScenario, MissionTestSummary } from '@metamorph/contract';
import { IconArrowBackUp } from '@tabler/icons-react';
import { describeError } from '../../api/describe-error';
import { usePlanChange, type PlanChange } from '../../api/missions-plan';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';

export type Removal = { scenario: MissionScenario } | { test: MissionTestSummary };

/** Confirms removing a scenario or a test, then offers "Undo" (restore) in a toast. */
export function PlanRemoveDialog({
  missionId,
  removing,
  onClose,
}: {
  missionId: string;
  removing: Removal | null;
  onClose: () => void;
}) {
  const remove = usePlanChange(missionId);
  const restore = usePlanChange(missionId);
  const close = () => {
    remove.reset();
    onClose();
  };
  const undo = (toastId: string, change: PlanChange, name: string) =>
    restore.mutate(
      { change },
      {
        onSuccess: () =>
          notifications.update({
            id: toastId,
            color: 'teal',
            message: `Restored “${name}”`,
            autoClose: 3000,
          }),
        onError: (e) =>
          notifications.update({
            id: toastId,
            color: 'red',
            title: 'Could not restore',
            message: describeError(e).detail,
            autoClose: 6000,
          }),
      },
    );
  const confirm = () => {
    if (!removing) return;
    const [del, back, name]: [PlanChange, PlanChange, string] =
      'scenario' in removing
        ? [
            { kind: 'delete-scenario', scenarioId: removing.scenario.id },
            { kind: 'restore-scenario', scenarioId: removing.scenario.id },
            removing.scenario.name,
          ]
        : [
            { kind: 'delete-test', testId: removing.test.id },
            { kind: 'restore-test', testId: removing.test.id },
            removing.test.snapshot_name,
          ];
    remove.mutate(
      { change: del },
      {
        onSuccess: () => {
          const id = `plan-removed-${Date.now()}`;
          notifications.show({
            id,
            autoClose: 10_000,
            message: (
              <Group
                justify="space-between"
                gap="sm"
                wrap="nowrap"
                data-testid="plan-removed-toast"
              >
                <Text size="sm">Removed “{name}”</Text>
                <Button
                  size="compact-xs"
                  variant="light"
                  leftSection={<IconArrowBackUp size={14} />}
                  onClick={() => undo(id, back, name)}
                  data-testid="plan-undo"
                >
                  Undo
                </Button>
              </Group>
            ),
          });
          close();
        },
      },
    );
  };
  const scenario = removing && 'scenario' in removing ? removing.scenario : null;
  const test = removing && 'test' in removing ? removing.test : null;
  return (
    <ConfirmDialog
      opened={removing !== null}
      title={scenario ? 'Remove this scenario?' : 'Remove this test?'}
      confirmLabel="Remove"
      loading={remove.isPending}
      onConfirm={confirm}
      onClose={close}
    >
      <Stack gap="sm">
        <Text size="sm">
          {scenario
            ? `“${scenario.name}” and its ${scenario.tests.length} tests leave the plan.`
            : `“${test?.snapshot_name}” leaves the plan.`}{' '}
          You can undo it from the notification that follows.
        </Text>
        {remove.isError && <ErrorAlert error={remove.error} />}
      </Stack>
    </ConfirmDialog>
  );
}
