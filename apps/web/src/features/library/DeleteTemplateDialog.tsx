import { Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { TestTemplate } from '@metamorph/contract';
import { useNavigate } from 'react-router';
import { useDeleteTestTemplate } from '../../api/library';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { conflictVersion } from './template-form';

interface DeleteTemplateDialogProps {
  template: Pick<TestTemplate, 'id' | 'name' | 'version'> | null;
  onClose: () => void;
  /** Called once deleted, before going back to the list. */
  onDeleted?: () => void;
}

/** Confirms, deletes the version read (409 when someone saved since), then back to the list. */
export function DeleteTemplateDialog({ template, onClose, onDeleted }: DeleteTemplateDialogProps) {
  const remove = useDeleteTestTemplate();
  const navigate = useNavigate();
  const close = () => {
    remove.reset();
    onClose();
  };
  const stale = conflictVersion(remove.error);
  return (
    <ConfirmDialog
      opened={template !== null}
      title="Delete test template?"
      confirmLabel="Delete"
      loading={remove.isPending}
      onClose={close}
      onConfirm={() => {
        if (!template) return;
        remove.mutate(
          { id: template.id, version: template.version },
          {
            onSuccess: () => {
              notifications.show({ color: 'teal', message: `Deleted “${template.name}”` });
              onDeleted?.();
              onClose();
              void navigate('/library');
            },
          },
        );
      }}
    >
      <Stack gap="sm">
        <Text size="sm">
          <b>{template?.name}</b> leaves the library and the scenarios that list it. Missions
          already planned keep their own copy.
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
