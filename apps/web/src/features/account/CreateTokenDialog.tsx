import { Button, Group, Modal, NumberInput, Stack, Text, TextInput } from '@mantine/core';
import type { CreatedApiToken, Permission } from '@metamorph/contract';
import { IconKey } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useCreateToken } from '../../api/tokens';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PermissionPicker } from '../../components/PermissionPicker';
import { SecretReveal } from '../../components/SecretReveal';
import { formatDateTime } from '../../lib/format';
import { useCurrentUser } from '../auth/current-user';

const DEFAULT_DAYS = 90;
const MAX_DAYS = 366;

interface CreateTokenDialogProps {
  opened: boolean;
  onClose: () => void;
}

/** Name, lifetime and scopes (a subset of the user's own permissions); then the secret, once. */
export function CreateTokenDialog({ opened, onClose }: CreateTokenDialogProps) {
  const me = useCurrentUser();
  const create = useCreateToken();
  const [name, setName] = useState('');
  const [days, setDays] = useState<number | string>(DEFAULT_DAYS);
  const [scopes, setScopes] = useState<Permission[]>([]);
  const [created, setCreated] = useState<CreatedApiToken | null>(null);

  const close = () => {
    setName('');
    setDays(DEFAULT_DAYS);
    setScopes([]);
    setCreated(null);
    create.reset();
    onClose();
  };

  const dayCount = typeof days === 'number' ? days : Number.NaN;
  const daysValid = Number.isInteger(dayCount) && dayCount >= 1 && dayCount <= MAX_DAYS;
  const valid = name.trim() !== '' && daysValid && scopes.length > 0;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!valid) return;
    create.mutate(
      { name: name.trim(), expires_in_days: dayCount, scopes },
      { onSuccess: (result) => setCreated(result) },
    );
  };

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={<Text fw={600}>{created ? 'Token created' : 'New API token'}</Text>}
      size="xl"
      closeOnClickOutside={!created}
    >
      {created ? (
        <Stack gap="md" data-testid="token-created">
          <Text size="sm">
            <b>{created.token.name}</b> expires on {formatDateTime(created.token.expires_at)}.
          </Text>
          <SecretReveal
            label="API token"
            value={created.secret}
            testId="token-secret"
            warning="Store it in your password manager or your script's secret store. Metamorph keeps only a hash: if you lose it, revoke it and create a new one."
          />
          <Group justify="flex-end">
            <Button onClick={close} data-testid="token-done">
              I have copied it
            </Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            {create.isError && <ErrorAlert error={create.error} />}
            <Group grow align="flex-start">
              <TextInput
                label="Name"
                description="What uses it, e.g. “SIEM export”"
                required
                maxLength={100}
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
                data-autofocus
                data-testid="token-name"
              />
              <NumberInput
                label="Expires after (days)"
                description={`1 to ${MAX_DAYS} days`}
                required
                min={1}
                max={MAX_DAYS}
                allowDecimal={false}
                value={days}
                onChange={setDays}
                error={daysValid ? undefined : `Between 1 and ${MAX_DAYS}`}
                data-testid="token-days"
              />
            </Group>
            <div>
              <Text size="sm" fw={500}>
                Scopes
              </Text>
              <Text size="xs" c="dimmed" mb="xs">
                Grant only what the integration needs. You can pick among your own permissions.
              </Text>
              <PermissionPicker
                label="Token scopes"
                value={scopes}
                onChange={setScopes}
                available={me.permissions}
              />
            </div>
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button
                type="submit"
                disabled={!valid}
                loading={create.isPending}
                leftSection={<IconKey size={16} />}
                data-testid="token-submit"
              >
                Create token
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
