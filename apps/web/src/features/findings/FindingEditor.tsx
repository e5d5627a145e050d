import { conflictVersion } from '../../api/errors';
import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Finding } from '@metamorph/contract';
import { IconAlertTriangle, IconDeviceFloppy, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useCreateFinding, useDeleteFinding, useUpdateFinding } from '../../api/findings';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { apiFieldErrors } from '../library/template-form';
import { FindingFormFields } from './FindingFormFields';
import {
  createBody,
  emptyFindingForm,
  findingFormOf,
  findingLabel,
  updateBody,
  validateFinding,
  type FindingForm,
} from './finding-model';

/**
 * Creates or edits a finding (leads). Saves with `If-Match` of the version opened: when someone
 * saved in between, says so and offers to overwrite with these edits or take theirs.
 */
export function FindingEditor({
  missionId,
  finding,
  latest,
  onClose,
}: {
  missionId: string;
  /** The finding as opened; null creates one. */
  finding: Finding | null;
  /** The same finding as the list has it now (live updates), to resolve a conflict. */
  latest: Finding | null;
  onClose: () => void;
}) {
  const [base, setBase] = useState<Finding | null>(finding);
  const [form, setForm] = useState<FindingForm>(() =>
    finding ? findingFormOf(finding) : emptyFindingForm(),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [deleting, setDeleting] = useState(false);
  const create = useCreateFinding(missionId);
  const update = useUpdateFinding(missionId);
  const remove = useDeleteFinding(missionId);
  const saving = create.isPending || update.isPending;
  const saveError = base ? update.error : create.error;
  const stale = conflictVersion(update.error) ?? conflictVersion(remove.error);
  const serverErrors = apiFieldErrors(saveError);

  const save = (version = base?.version) => {
    const found = validateFinding(form);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const done = (f: Finding) => {
      notifications.show({ color: 'teal', message: `${findingLabel(f)} “${f.title}” saved` });
      onClose();
    };
    if (base && version !== undefined)
      update.mutate({ id: base.id, version, body: updateBody(form, base) }, { onSuccess: done });
    else create.mutate(createBody(form), { onSuccess: done });
  };

  const takeTheirs = () => {
    if (!latest) return;
    setBase(latest);
    setForm(findingFormOf(latest));
    update.reset();
    remove.reset();
  };

  return (
    <Modal
      opened
      onClose={onClose}
      size="75rem"
      title={<Text fw={600}>{base ? `Edit ${findingLabel(base)}` : 'New finding'}</Text>}
    >
      <Stack gap="md" data-testid="finding-editor">
        <FindingFormFields
          missionId={missionId}
          form={form}
          onChange={(patch) => setForm((f) => ({ ...f, ...patch }))}
          errors={{ ...errors, ...serverErrors }}
          currentStatus={base?.status ?? null}
        />
        {stale !== null && (
          <Alert
            color="orange"
            icon={<IconAlertTriangle size={18} />}
            title="Someone else saved this finding meanwhile"
            data-testid="finding-conflict"
          >
            <Stack gap="xs">
              <Text size="sm">
                It is now at version {stale}; you opened version {base?.version}. Nothing of yours
                was saved. Save your edits over theirs, or take their version and start again.
              </Text>
              <Group gap="xs">
                <Button
                  size="xs"
                  color="orange"
                  onClick={() => save(stale)}
                  data-testid="finding-conflict-overwrite"
                >
                  Save mine over theirs
                </Button>
                <Button
                  size="xs"
                  variant="default"
                  disabled={!latest}
                  onClick={takeTheirs}
                  data-testid="finding-conflict-reload"
                >
                  Take their version
                </Button>
              </Group>
            </Stack>
          </Alert>
        )}
        {saveError != null && stale === null && (
          <ErrorAlert error={saveError} title="The finding was not saved" />
        )}
        <Group justify="space-between">
          {base ? (
            <Button
              variant="subtle"
              color="red"
              leftSection={<IconTrash size={16} />}
              onClick={() => setDeleting(true)}
              data-testid="finding-delete"
            >
              Delete
            </Button>
          ) : (
            <span />
          )}
          <Group gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button
              leftSection={<IconDeviceFloppy size={16} />}
              loading={saving}
              onClick={() => save()}
              data-testid="finding-save"
            >
              {base ? 'Save' : 'Create finding'}
            </Button>
          </Group>
        </Group>
      </Stack>
      <ConfirmDialog
        opened={deleting && base !== null}
        title={base ? `Delete ${findingLabel(base)}?` : 'Delete?'}
        confirmLabel="Delete finding"
        loading={remove.isPending}
        onConfirm={() =>
          base &&
          remove.mutate(
            { id: base.id, version: base.version },
            {
              onSuccess: () => {
                notifications.show({ color: 'teal', message: `Deleted ${findingLabel(base)}` });
                onClose();
              },
              onError: () => setDeleting(false),
            },
          )
        }
        onClose={() => setDeleting(false)}
      >
        <Text size="sm">
          “{base?.title}” leaves the findings list, exports and reports. The audit log keeps it.
        </Text>
      </ConfirmDialog>
    </Modal>
  );
}
