import { Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDeviceMobile, IconKey, IconShieldCheck, IconShieldOff } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { queryKeys } from '../../../api/keys';
import { useDisableMfa, useRegenerateRecoveryCodes } from '../../../api/mfa';
import { useCurrentUser } from '../../auth/current-user';
import { ConfirmIdentityDialog } from './ConfirmIdentityDialog';
import { MfaEnrolment } from './MfaEnrolment';
import { RecoveryCodes } from './RecoveryCodes';

type Mode = 'idle' | 'enrolling' | 'disable' | 'regenerate';

/** "Two-factor authentication" on My account: set up, recovery codes, turn off. */
export function TwoFactorCard() {
  const me = useCurrentUser();
  const hasPassword = me.has_password;
  const queryClient = useQueryClient();
  const disable = useDisableMfa();
  const regenerate = useRegenerateRecoveryCodes();
  const [mode, setMode] = useState<Mode>('idle');
  const [codes, setCodes] = useState<string[] | null>(null);
  const refreshMe = () => queryClient.invalidateQueries({ queryKey: queryKeys.me(), exact: true });
  const closeDialog = () => {
    disable.reset();
    regenerate.reset();
    setMode('idle');
  };

  return (
    <Card data-testid="mfa-card">
      <Group justify="space-between" align="flex-start" mb="md">
        <div>
          <Group gap="xs">
            <Title order={2} fz="lg">
              Two-factor authentication
            </Title>
            {me.mfa_enabled ? (
              <Badge color="teal" variant="light" data-testid="mfa-status">
                On
              </Badge>
            ) : (
              <Badge color="gray" variant="light" data-testid="mfa-status">
                Off
              </Badge>
            )}
          </Group>
          <Text size="sm" c="dimmed">
            {me.mfa_enabled
              ? 'Signing in asks for a code from your authenticator app after your password. API tokens are not affected.'
              : 'Protect your account with a code from an authenticator app, asked after your password.'}
          </Text>
        </div>
      </Group>
      {codes ? (
        <RecoveryCodes
          codes={codes}
          email={me.email}
          onDone={() => setCodes(null)}
          doneLabel="Done"
        />
      ) : mode === 'enrolling' ? (
        <MfaEnrolment
          email={me.email}
          onCancel={() => setMode('idle')}
          onVerified={() => void refreshMe()}
          onDone={() => {
            setMode('idle');
            notifications.show({
              color: 'teal',
              title: 'Two-factor authentication is on',
              message: 'You will be asked for a code the next time you sign in.',
            });
          }}
        />
      ) : me.mfa_enabled ? (
        <Stack gap="sm">
          <Group gap="xs">
            <IconKey size={16} color="var(--mantine-color-dimmed)" />
            <Text size="sm" data-testid="mfa-codes-left">
              {me.mfa_recovery_codes_left} of 10 recovery codes left
            </Text>
            {me.mfa_recovery_codes_left <= 3 && (
              <Badge color="orange" variant="light" size="sm">
                Running low
              </Badge>
            )}
          </Group>
          <Group gap="sm">
            <Button
              variant="default"
              leftSection={<IconKey size={16} />}
              onClick={() => setMode('regenerate')}
              data-testid="mfa-regenerate"
            >
              New recovery codes
            </Button>
            <Button
              variant="light"
              color="red"
              leftSection={<IconShieldOff size={16} />}
              onClick={() => setMode('disable')}
              data-testid="mfa-disable"
            >
              Turn off
            </Button>
          </Group>
        </Stack>
      ) : (
        <Group>
          <Button
            leftSection={<IconDeviceMobile size={16} />}
            onClick={() => setMode('enrolling')}
            data-testid="mfa-setup"
          >
            Set up two-factor authentication
          </Button>
        </Group>
      )}
      <ConfirmIdentityDialog
        opened={mode === 'disable'}
        title="Turn off two-factor authentication?"
        confirmLabel="Turn off"
        danger
        hasPassword={hasPassword}
        loading={disable.isPending}
        error={disable.error}
        onClose={closeDialog}
        onConfirm={(body) =>
          disable.mutate(body, {
            onSuccess: () => {
              closeDialog();
              notifications.show({
                color: 'orange',
                title: 'Two-factor authentication is off',
                message:
                  'Your password alone signs you in now. Your recovery codes no longer work.',
              });
            },
          })
        }
      >
        <Text size="sm">
          Your password alone will sign you in, and your recovery codes stop working.
        </Text>
      </ConfirmIdentityDialog>
      <ConfirmIdentityDialog
        opened={mode === 'regenerate'}
        title="Replace your recovery codes?"
        confirmLabel="Generate new codes"
        hasPassword={hasPassword}
        loading={regenerate.isPending}
        error={regenerate.error}
        onClose={closeDialog}
        onConfirm={(body) =>
          regenerate.mutate(body, {
            onSuccess: (result) => {
              closeDialog();
              setCodes(result.recovery_codes);
            },
          })
        }
      >
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <IconShieldCheck size={18} style={{ flexShrink: 0 }} />
          <Text size="sm">Ten new codes replace the old ones, which stop working at once.</Text>
        </Group>
      </ConfirmIdentityDialog>
    </Card>
  );
}
