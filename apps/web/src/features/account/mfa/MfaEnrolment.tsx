import {
  ActionIcon,
  Box,
  Button,
  Code,
  CopyButton,
  Group,
  Image,
  Loader,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import type { MfaEnrollment } from '@metamorph/contract';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../../../api/errors';
import { useStartMfaEnrollment, useVerifyMfa } from '../../../api/mfa';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { RecoveryCodes } from './RecoveryCodes';

interface MfaEnrolmentProps {
  email: string;
  /** MFA is on (the recovery codes are about to show). */
  onVerified?: () => void;
  /** After the recovery codes have been seen. */
  onDone: () => void;
  onCancel?: () => void;
}

/** The QR code as an image: the SVG is ours, and an <img> never runs script anyway. */
function qrSource(svg: string): string {
  return `data:image/svg+xml;base64,${window.btoa(svg)}`;
}

/** Scan (or type) the secret, prove it with a code, then save the recovery codes. */
export function MfaEnrolment({ email, onVerified, onDone, onCancel }: MfaEnrolmentProps) {
  const start = useStartMfaEnrollment();
  const verify = useVerifyMfa();
  const [enrolment, setEnrolment] = useState<MfaEnrollment | null>(null);
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);
  const { mutate: begin } = start;
  // Once per mount (Strict Mode runs effects twice): a second call would replace the secret.
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    begin(undefined, { onSuccess: setEnrolment });
  }, [begin]);

  if (codes) return <RecoveryCodes codes={codes} email={email} onDone={onDone} />;
  if (start.isError) {
    return (
      <ErrorAlert
        error={start.error}
        onRetry={() => begin(undefined, { onSuccess: setEnrolment })}
      />
    );
  }
  if (!enrolment) {
    return (
      <Group justify="center" p="lg">
        <Loader size="sm" />
      </Group>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    verify.mutate(code.replace(/\s+/g, ''), {
      onSuccess: (result) => {
        onVerified?.();
        setCodes(result.recovery_codes);
      },
      onError: () => setCode(''),
    });
  };
  const codeError =
    verify.error instanceof ApiError
      ? (verify.error.errors?.[0]?.message ?? verify.error.body.detail)
      : undefined;

  return (
    <form onSubmit={submit} noValidate data-testid="mfa-enrolment">
      <Stack gap="md">
        <Group align="flex-start" gap="lg" wrap="wrap">
          <Box p={6} bg="white" style={{ borderRadius: 'var(--mantine-radius-md)', lineHeight: 0 }}>
            <Image
              src={qrSource(enrolment.qr_svg)}
              alt="QR code to scan with your authenticator app"
              w={168}
              h={168}
              data-testid="mfa-qr"
            />
          </Box>
          <Stack gap="xs" style={{ flex: 1, minWidth: 220 }}>
            <Text size="sm">
              <b>1.</b> Scan the QR code with an authenticator app (1Password, Google Authenticator,
              Microsoft Authenticator, Aegis…).
            </Text>
            <Text size="sm" c="dimmed">
              Cannot scan? Enter this key in the app instead:
            </Text>
            <Group gap={4} wrap="nowrap">
              <Code
                fz="sm"
                data-testid="mfa-secret"
                style={{ wordBreak: 'break-all', userSelect: 'all' }}
              >
                {enrolment.secret.replace(/(.{4})/g, '$1 ').trim()}
              </Code>
              <CopyButton value={enrolment.secret} timeout={2000}>
                {({ copied, copy }) => (
                  <Tooltip label={copied ? 'Copied' : 'Copy key'}>
                    <ActionIcon
                      variant="subtle"
                      color={copied ? 'teal' : 'gray'}
                      onClick={copy}
                      aria-label="Copy key"
                    >
                      {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                    </ActionIcon>
                  </Tooltip>
                )}
              </CopyButton>
            </Group>
            <Text size="sm" mt="xs">
              <b>2.</b> Enter the 6-digit code the app shows.
            </Text>
            <TextInput
              aria-label="Code from your authenticator app"
              placeholder="123 456"
              autoComplete="one-time-code"
              inputMode="numeric"
              maxLength={7}
              w={160}
              value={code}
              onChange={(e) => setCode(e.currentTarget.value)}
              error={codeError}
              styles={{
                input: { fontFamily: 'var(--mantine-font-family-monospace)', letterSpacing: 2 },
              }}
              data-testid="mfa-enrol-code"
            />
          </Stack>
        </Group>
        {verify.isError && !codeError && <ErrorAlert error={verify.error} />}
        <Group justify="flex-end" gap="sm">
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
          )}
          <Button
            type="submit"
            loading={verify.isPending}
            disabled={code.replace(/\s+/g, '').length !== 6}
            data-testid="mfa-enrol-submit"
          >
            Turn on two-factor authentication
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
