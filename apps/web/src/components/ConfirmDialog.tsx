import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

interface ConfirmDialogProps {
  opened: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** Red confirm button for destructive actions (the default). */
  danger?: boolean;
  loading?: boolean;
  onConfirm: () => void;
  onClose: () => void;
}

/** A small, keyboard-usable confirmation: Escape cancels, the cancel button has focus first. */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const { opened, title, children, confirmLabel, danger = true, loading = false } = props;
  return (
    <Modal
      opened={opened}
      onClose={props.onClose}
      title={<Text fw={600}>{title}</Text>}
      centered
      size="md"
    >
      <Stack gap="lg" data-testid="confirm-dialog">
        <div>{children}</div>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={props.onClose} data-autofocus>
            Cancel
          </Button>
          <Button
            color={danger ? 'red' : undefined}
            loading={loading}
            onClick={props.onConfirm}
            data-testid="confirm-button"
          >
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
