import { Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { ScenarioTemplate } from '@metamorph/contract';
import { useNavigate } from 'react-router';
import { useDeleteScenario } from '../../../api/library-scenarios';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { conflictVersion } from '../template-form';

interface DeleteScenarioDialogProps {
  scenario: Pick<ScenarioTemplate, 'id' | 'name' | 'version'> | null;
  onClose: () => void;
  onDeleted?: () => void;
}

/** Confirms, deletes the version read (409 when someone saved since), then back to the list. */
export function DeleteScenarioDialog({ scenario, onClose, onDeleted }: DeleteScenarioDialogProps) {
  const remove = useDeleteScenario();
  const navigate = useNavigate();
  const close = () => {
    remove.reset();
    onClose();
  };
  const stale = conflictVersion(remove.error);
  return (
    <ConfirmDialog
      opened={scenario !== null}
      title="Delete scenario?"
      confirmLabel="Delete"
      loading={remove.isPending}
      onClose={close}
      onConfirm={() => {
        if (!scenario) return;
        remove.mutate(
          { id: scenario.id, version: scenario.version },
          {
            onSuccess: () => {
              notifications.show({ color: 'teal', message: `Deleted “${scenario.name}”` });
              onDeleted?.();
              onClose();
              void navigate('/library/scenarios');
            },
          },
        );
      }}
    >
      <Stack gap="sm">
        <Text size="sm">
          <b>{scenario?.name}</b> leaves the library. Its test templates stay, and missions already
          planned keep their own copy.
        </Text>
        {remove.isError && (
          <ErrorAlert
            error={remove.error}
            title={stale ? 'Changed by someone else: reload before deleting' : undefined}
          />
        )}
      </Stack>
    </ConfirmDialog>
  );
}
