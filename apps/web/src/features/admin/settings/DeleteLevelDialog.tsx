import { Alert, Button, ColorSwatch, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { DetectionLevel } from '@metamorph/contract';
import { useState } from 'react';
import { levelInUse, useDeleteLevel } from '../../../api/detection-levels';
import { ErrorAlert } from '../../../components/ErrorAlert';

/**
 * Delete a detection level. The first try deletes it outright; when the server answers that
 * tests use it (409), the dialog asks for a replacement and retries with `?replacement_id=`.
 */
export function DeleteLevelDialog({
  level,
  levels,
  onClose,
}: {
  level: DetectionLevel;
  levels: readonly DetectionLevel[];
  onClose: () => void;
}) {
  const remove = useDeleteLevel();
  const [inUse, setInUse] = useState<number | null>(null);
  const [replacement, setReplacement] = useState<string | null>(null);
  const others = levels.filter((l) => l.id !== level.id);

  const submit = () => {
    if (inUse !== null && !replacement) return;
    remove.mutate(replacement ? { id: level.id, replacementId: replacement } : { id: level.id }, {
      onSuccess: () => {
        notifications.show({
          color: 'teal',
          message:
            inUse !== null
              ? `${level.label} deleted; ${inUse} test${inUse === 1 ? '' : 's'} moved to ${others.find((l) => l.id === replacement)?.label ?? 'the replacement'}.`
              : `${level.label} deleted.`,
        });
        onClose();
      },
      onError: (e) => {
        const n = levelInUse(e);
        if (n !== null) setInUse(n);
      },
    });
  };
  const showError = remove.isError && levelInUse(remove.error) === null;

  return (
    <Modal
      opened
      onClose={onClose}
      title={`Delete “${level.label}”?`}
      data-testid="level-delete-dialog"
    >
      <Stack gap="sm">
        {showError && <ErrorAlert error={remove.error} title="Not deleted" />}
        {inUse === null ? (
          <Text size="sm">
            The level <b>{level.label}</b> (<code>{level.key}</code>) is removed. If tests use it,
            you choose the level they move to.
          </Text>
        ) : (
          <>
            <Alert color="orange" variant="light" p="sm" data-testid="level-in-use">
              <Text size="sm">
                <b>{level.label}</b> is the outcome of {inUse} test{inUse === 1 ? '' : 's'}. Choose
                the level they move to; the change is made in one go and audited.
              </Text>
            </Alert>
            <Select
              label="Replacement level"
              required
              data={others.map((l) => ({ value: l.id, label: l.label }))}
              value={replacement}
              onChange={setReplacement}
              renderOption={({ option }) => (
                <Group gap={8}>
                  <ColorSwatch
                    size={12}
                    color={others.find((l) => l.id === option.value)?.colour ?? 'gray'}
                  />
                  <Text size="sm">{option.label}</Text>
                </Group>
              )}
              data-testid="level-replacement"
            />
          </>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            color="red"
            onClick={submit}
            loading={remove.isPending}
            disabled={inUse !== null && !replacement}
            data-testid="level-delete-confirm"
          >
            {inUse === null ? 'Delete' : 'Move tests and delete'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
