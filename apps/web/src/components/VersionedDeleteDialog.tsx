import { Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { UseMutationResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { conflictVersion } from '../api/errors';
import { ConfirmDialog } from './ConfirmDialog';
import { ErrorAlert } from './ErrorAlert';

export interface Versioned {
  id: string;
  name: string;
  version: number;
}

interface VersionedDeleteDialogProps {
  /** What to delete (null: closed), at the version the page read. */
  target: Versioned | null;
  title: string;
  /** What the deletion does, shown above the buttons. */
  children: ReactNode;
  remove: UseMutationResult<unknown, Error, { id: string; version: number }>;
  /** Where to go once deleted. */
  redirectTo: string;
  onClose: () => void;
  onDeleted?: () => void;
}

/**
 * Confirms and deletes the version read: when someone saved since, the server answers 409 and
 * the dialog says to reload rather than deleting what the user has not seen.
 */
export function VersionedDeleteDialog(props: VersionedDeleteDialogProps) {
  const { target, remove } = props;
  const navigate = useNavigate();
  const close = () => {
    remove.reset();
    props.onClose();
  };
  const stale = conflictVersion(remove.error);
  return (
    <ConfirmDialog
      opened={target !== null}
      title={props.title}
      confirmLabel="Delete"
      loading={remove.isPending}
      onClose={close}
      onConfirm={() => {
        if (!target) return;
        remove.mutate(
          { id: target.id, version: target.version },
          {
            onSuccess: () => {
              notifications.show({ color: 'teal', message: `Deleted “${target.name}”` });
              props.onDeleted?.();
              props.onClose();
              void navigate(props.redirectTo);
            },
          },
        );
      }}
    >
      <Stack gap="sm">
        <Text size="sm" component="div">
          {props.children}
        </Text>
        {remove.isError && (
          <ErrorAlert
            error={remove.error}
            title={stale !== null ? 'Changed by someone else: reload before deleting' : undefined}
          />
        )}
      </Stack>
    </ConfirmDialog>
  );
}
