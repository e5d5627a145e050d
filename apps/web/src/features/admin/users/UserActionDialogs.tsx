import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { User } from '@metamorph/contract';
import { useState } from 'react';
import { useResetUserMfa } from '../../../api/mfa';
import { useResetPassword, useUpdateUser } from '../../../api/users';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { SecretReveal } from '../../../components/SecretReveal';

export type UserAction = { kind: 'disable' | 'enable' | 'reset' | 'reset_mfa'; user: User };

/** Confirmations for disable / enable / reset password / reset MFA, and the one-time password after a reset. */
export function UserActionDialogs(props: { action: UserAction | null; onClose: () => void }) {
  const { action, onClose } = props;
  const update = useUpdateUser();
  const reset = useResetPassword();
  const resetMfa = useResetUserMfa();
  const [password, setPassword] = useState<{ email: string; value: string } | null>(null);

  const confirm = () => {
    if (!action) return;
    const { user } = action;
    if (action.kind === 'reset') {
      reset.mutate(user.id, {
        onSuccess: (result) => {
          onClose();
          if (result.initial_password)
            setPassword({ email: user.email, value: result.initial_password });
        },
      });
      return;
    }
    if (action.kind === 'reset_mfa') {
      resetMfa.mutate(user.id, {
        onSuccess: () => {
          onClose();
          notifications.show({
            color: 'orange',
            title: 'Two-factor authentication reset',
            message: `${user.email} is signed out everywhere and signs in with the password alone until they set it up again.`,
          });
        },
      });
      return;
    }
    const disabled = action.kind === 'disable';
    update.mutate(
      { id: user.id, body: { disabled } },
      {
        onSuccess: () => {
          onClose();
          notifications.show({
            color: disabled ? 'orange' : 'teal',
            title: disabled ? 'User disabled' : 'User enabled',
            message: disabled
              ? `${user.email} is signed out everywhere and their API tokens stop working.`
              : `${user.email} can sign in again.`,
          });
        },
      },
    );
  };

  const copy = action ? TEXT[action.kind] : TEXT.disable;
  return (
    <>
      <ConfirmDialog
        opened={action !== null}
        title={copy.title}
        confirmLabel={copy.confirm}
        danger={action?.kind !== 'enable'}
        loading={update.isPending || reset.isPending || resetMfa.isPending}
        onConfirm={confirm}
        onClose={onClose}
      >
        <Text size="sm">
          <b>{action?.user.display_name}</b> ({action?.user.email}): {copy.body}
        </Text>
      </ConfirmDialog>
      <Modal
        opened={password !== null}
        onClose={() => setPassword(null)}
        closeOnClickOutside={false}
        title={<Text fw={600}>Password reset</Text>}
        size="lg"
      >
        {password && (
          <Stack gap="md" data-testid="reset-password-result">
            <SecretReveal
              label="One-time password"
              value={password.value}
              testId="reset-password-value"
              warning={`Give it to ${password.email} over a trusted channel. They must choose their own password when they next sign in; all their sessions have ended.`}
            />
            <Group justify="flex-end">
              <Button onClick={() => setPassword(null)}>Done</Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  );
}

const TEXT = {
  disable: {
    title: 'Disable this user?',
    confirm: 'Disable user',
    body: 'their sessions end at once, their API tokens stop working, and they cannot sign in until enabled again.',
  },
  enable: {
    title: 'Enable this user?',
    confirm: 'Enable user',
    body: 'they can sign in again with their current password.',
  },
  reset: {
    title: 'Reset the password?',
    confirm: 'Reset password',
    body: 'a new one-time password is generated, their sessions end, and they must choose a new password at next sign-in.',
  },
  reset_mfa: {
    title: 'Reset two-factor authentication?',
    confirm: 'Reset two-factor',
    body: 'their authenticator app and recovery codes stop working and their sessions end. They sign in with their password alone and set up a new app (at once if two-factor is required for everyone). Do this only once you are sure who is asking.',
  },
} as const;
