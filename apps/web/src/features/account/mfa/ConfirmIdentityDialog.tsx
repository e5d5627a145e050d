import { Button, Group, Modal, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import type { MfaConfirmRequest } from '@metamorph/contract';
import { useState, type FormEvent, type ReactNode } from 'react';
import { ApiError } from '../../../api/errors';
import { ErrorAlert } from '../../../components/ErrorAlert';

interface ConfirmIdentityDialogProps {
  opened: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  /** Accounts without a password (SSO) prove themselves with a code instead. */
  hasPassword: boolean;
  loading: boolean;
  error: unknown;
  onConfirm: (body: MfaConfirmRequest) => void;
  onClose: () => void;
}

/** Asks for the current password (or a code) before a sensitive MFA change. */
export function ConfirmIdentityDialog(props: ConfirmIdentityDialogProps) {
  const { opened, hasPassword, error } = props;
  const [value, setValue] = useState('');
  const close = () => {
    setValue('');
    props.onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onConfirm(hasPassword ? { password: value } : { code: value.replace(/\s+/g, '') });
  };
  const fieldError =
    error instanceof ApiError && error.errors?.[0]
      ? hasPassword
        ? `Password ${error.errors[0].message}`
        : error.errors[0].message
      : undefined;
  return (
    <Modal opened={opened} onClose={close} title={<Text fw={600}>{props.title}</Text>} centered>
      <form onSubmit={submit} noValidate data-testid="mfa-confirm-dialog">
        <Stack gap="md">
          <div>{props.children}</div>
          {hasPassword ? (
            <PasswordInput
              label="Current password"
              autoComplete="current-password"
              value={value}
              onChange={(e) => setValue(e.currentTarget.value)}
              error={fieldError}
              data-autofocus
              data-testid="mfa-confirm-password"
            />
          ) : (
            <TextInput
              label="Code from your authenticator app"
              autoComplete="one-time-code"
              inputMode="numeric"
              value={value}
              onChange={(e) => setValue(e.currentTarget.value)}
              error={fieldError}
              data-autofocus
              data-testid="mfa-confirm-code"
            />
          )}
          {error !== null && error !== undefined && !fieldError && <ErrorAlert error={error} />}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button
              type="submit"
              color={props.danger ? 'red' : undefined}
              loading={props.loading}
              disabled={value === ''}
              data-testid="mfa-confirm-submit"
            >
              {props.confirmLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
