import { Alert, Anchor, Button, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { ErrorCode, type LoginResponse } from '@metamorph/contract';
import { IconAlertTriangle, IconShieldLock } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api/errors';
import { useMfaChallenge } from '../../api/mfa';
import { ErrorAlert } from '../../components/ErrorAlert';
import { describeLoginError } from './login-error';

interface MfaStepProps {
  email: string;
  onSignedIn: (response: LoginResponse) => void;
  /** Back to email and password (the pending sign-in expired, or another account). */
  onRestart: () => void;
}

/** The second sign-in step: a code from the authenticator app, or a recovery code. */
export function MfaStep({ email, onSignedIn, onRestart }: MfaStepProps) {
  const challenge = useMfaChallenge();
  const [recovery, setRecovery] = useState(false);
  const [code, setCode] = useState('');
  const compact = code.replace(/\s+/g, '');
  const ready = recovery ? compact.replace(/-/g, '').length === 12 : compact.length === 6;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    challenge.mutate(compact, {
      onSuccess: onSignedIn,
      onError: () => setCode(''),
    });
  };
  const switchMode = () => {
    setRecovery((r) => !r);
    setCode('');
    challenge.reset();
  };

  const error = challenge.error;
  const locked = describeLoginError(error)?.kind === 'locked';
  const detail =
    error instanceof ApiError && (error.status === 401 || error.code === ErrorCode.ValidationFailed)
      ? (error.errors?.[0]?.message ?? error.body.detail)
      : null;

  return (
    <form onSubmit={submit} noValidate aria-labelledby="mfa-title" data-testid="mfa-step">
      <Stack gap="md">
        <div>
          <Title order={1} fz={22} id="mfa-title">
            Two-factor authentication
          </Title>
          <Text size="sm" c="dimmed">
            {email ? (
              <>
                Signing in as <b>{email}</b>
              </>
            ) : (
              'One more step to sign in'
            )}
          </Text>
        </div>
        {detail && (
          <Alert
            color="red"
            variant="light"
            icon={<IconAlertTriangle size={18} />}
            title={recovery ? 'Recovery code refused' : 'Code refused'}
            role="alert"
            data-testid="mfa-error"
          >
            {detail}
          </Alert>
        )}
        {error !== null && !detail && <ErrorAlert error={error} />}
        <Text size="sm">
          {recovery
            ? 'Enter one of the recovery codes you saved when you set up two-factor authentication. Each works once.'
            : 'Open your authenticator app and enter the 6-digit code for Metamorph.'}
        </Text>
        <TextInput
          key={recovery ? 'recovery' : 'totp'}
          label={recovery ? 'Recovery code' : 'Authentication code'}
          placeholder={recovery ? 'XXXX-XXXX-XXXX' : '123 456'}
          autoComplete={recovery ? 'off' : 'one-time-code'}
          inputMode={recovery ? 'text' : 'numeric'}
          autoCapitalize={recovery ? 'characters' : 'off'}
          spellCheck={false}
          maxLength={recovery ? 16 : 7}
          autoFocus
          required
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          styles={{
            input: { fontFamily: 'var(--mantine-font-family-monospace)', letterSpacing: 2 },
          }}
          data-testid="mfa-code"
        />
        <Button
          type="submit"
          fullWidth
          loading={challenge.isPending}
          disabled={!ready || locked}
          leftSection={<IconShieldLock size={18} />}
          data-testid="mfa-submit"
        >
          Verify
        </Button>
        <Group justify="space-between">
          <Anchor
            component="button"
            type="button"
            size="sm"
            onClick={switchMode}
            data-testid="mfa-toggle-recovery"
          >
            {recovery ? 'Use a code from the app' : 'Use a recovery code'}
          </Anchor>
          <Anchor component="button" type="button" size="sm" c="dimmed" onClick={onRestart}>
            Start over
          </Anchor>
        </Group>
      </Stack>
    </form>
  );
}
