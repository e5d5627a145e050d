import { Button, List, PasswordInput, Stack, Text } from '@mantine/core';
import type { Me } from '@metamorph/contract';
import { IconCheck, IconKey, IconX } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useChangePassword } from '../../api/auth';
import { ApiError } from '../../api/errors';
import { ErrorAlert } from '../../components/ErrorAlert';

interface PasswordChangeFormProps {
  email: string;
  /** From Me.password_policy: the current minimum (admins may raise it). */
  minLength: number;
  submitLabel?: string;
  onChanged: (me: Me) => void;
}

type Field = 'current_password' | 'new_password';

/** Current password, new password twice; the server's policy errors land on their fields. */
export function PasswordChangeForm({
  email,
  minLength,
  submitLabel,
  onChanged,
}: PasswordChangeFormProps) {
  const change = useChangePassword();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [touched, setTouched] = useState(false);

  const rules = [
    { ok: next.length >= minLength, label: `At least ${minLength} characters` },
    { ok: next !== '' && !containsEmail(next, email), label: 'Does not contain your email name' },
    { ok: next !== '' && next !== current, label: 'Different from the current password' },
    { ok: next !== '' && next === confirm, label: 'Both new entries match' },
  ];
  const valid = current !== '' && rules.every((r) => r.ok);
  const serverErrors = fieldErrors(change.error);
  const otherError = change.isError && Object.keys(serverErrors).length === 0;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!valid) return;
    change.mutate(
      { current_password: current, new_password: next },
      {
        onSuccess: (me) => {
          setCurrent('');
          setNext('');
          setConfirm('');
          setTouched(false);
          onChanged(me);
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate data-testid="password-form">
      <Stack gap="md">
        {otherError && <ErrorAlert error={change.error} />}
        <PasswordInput
          label="Current password"
          autoComplete="current-password"
          required
          value={current}
          onChange={(e) => setCurrent(e.currentTarget.value)}
          error={serverErrors.current_password}
          data-testid="current-password"
        />
        <PasswordInput
          label="New password"
          autoComplete="new-password"
          required
          value={next}
          onChange={(e) => setNext(e.currentTarget.value)}
          error={serverErrors.new_password}
          data-testid="new-password"
        />
        <PasswordInput
          label="Repeat the new password"
          autoComplete="new-password"
          required
          value={confirm}
          onChange={(e) => setConfirm(e.currentTarget.value)}
          error={touched && confirm !== next ? 'The two entries differ' : undefined}
          data-testid="confirm-password"
        />
        <List spacing={2} size="sm" center aria-label="Password rules">
          {rules.map((rule) => (
            <List.Item
              key={rule.label}
              icon={
                rule.ok ? (
                  <IconCheck size={14} color="var(--mantine-color-teal-5)" />
                ) : (
                  <IconX size={14} color="var(--mantine-color-dimmed)" />
                )
              }
            >
              <Text span size="sm" c={rule.ok ? undefined : 'dimmed'}>
                {rule.label}
              </Text>
            </List.Item>
          ))}
        </List>
        <Text size="xs" c="dimmed">
          Common passwords are refused. A long passphrase is easiest to remember. Your other
          sessions end when the password changes.
        </Text>
        <Button
          type="submit"
          loading={change.isPending}
          disabled={touched && !valid}
          leftSection={<IconKey size={16} />}
          data-testid="change-password-submit"
        >
          {submitLabel ?? 'Change password'}
        </Button>
      </Stack>
    </form>
  );
}

/** Mirrors the server's rule: not the email, and not containing its local part (≥ 4 chars). */
export function containsEmail(password: string, email: string): boolean {
  const lower = password.toLowerCase();
  const local = email.toLowerCase().split('@')[0] ?? '';
  return lower === email.toLowerCase() || (local.length >= 4 && lower.includes(local));
}

/** 422 field problems of the change-password call, keyed by field. */
function fieldErrors(error: unknown): Partial<Record<Field, string>> {
  if (!(error instanceof ApiError) || !error.errors) return {};
  const out: Partial<Record<Field, string>> = {};
  for (const { path, message } of error.errors) {
    const field = path.replace(/^body\./, '');
    if (field === 'current_password' || field === 'new_password') {
      const label = field === 'current_password' ? 'Current password' : 'New password';
      out[field] = out[field] ? `${out[field]}; ${message}` : `${label} ${message}`;
    }
  }
  return out;
}
