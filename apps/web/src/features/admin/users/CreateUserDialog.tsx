import { Button, Group, Modal, PasswordInput, Stack, Switch, Text, TextInput } from '@mantine/core';
import type { User } from '@metamorph/contract';
import { IconUserPlus } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useCreateUser } from '../../../api/users';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { SecretReveal } from '../../../components/SecretReveal';
import { RoleSelect } from './RoleSelect';

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Create an account; the generated one-time password is shown once. */
export function CreateUserDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const create = useCreateUser();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [roleIds, setRoleIds] = useState<string[]>([]);
  const [ownPassword, setOwnPassword] = useState(false);
  const [password, setPassword] = useState('');
  const [created, setCreated] = useState<{ user: User; password: string | null } | null>(null);

  const close = () => {
    setEmail('');
    setName('');
    setRoleIds([]);
    setOwnPassword(false);
    setPassword('');
    setCreated(null);
    create.reset();
    onClose();
  };

  const emailOk = EMAIL_RE.test(email.trim());
  const valid = emailOk && name.trim() !== '' && (!ownPassword || password.length >= 12);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!valid) return;
    create.mutate(
      {
        email: email.trim(),
        display_name: name.trim(),
        role_ids: roleIds,
        ...(ownPassword ? { password } : {}),
      },
      { onSuccess: (r) => setCreated({ user: r.user, password: r.initial_password }) },
    );
  };

  return (
    <Modal
      opened={opened}
      onClose={close}
      closeOnClickOutside={!created}
      title={<Text fw={600}>{created ? 'User created' : 'New user'}</Text>}
      size="lg"
    >
      {created ? (
        <Stack gap="md" data-testid="user-created">
          <Text size="sm">
            <b>{created.user.display_name}</b> ({created.user.email}) can now sign in. They must
            choose their own password at first sign-in.
          </Text>
          {created.password && (
            <SecretReveal
              label="One-time password"
              value={created.password}
              testId="initial-password"
              warning={`Give it to ${created.user.email} over a trusted channel (not the same email thread as the address).`}
            />
          )}
          <Group justify="flex-end">
            <Button onClick={close} data-testid="user-created-done">
              Done
            </Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            {create.isError && <ErrorAlert error={create.error} />}
            <TextInput
              label="Email"
              type="email"
              required
              data-autofocus
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              error={email !== '' && !emailOk ? 'Enter a valid email address' : undefined}
              data-testid="user-email"
            />
            <TextInput
              label="Display name"
              required
              maxLength={120}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              data-testid="user-name"
            />
            <RoleSelect value={roleIds} onChange={setRoleIds} />
            <Switch
              label="Set the one-time password myself"
              description="Otherwise Metamorph generates a strong one and shows it once."
              checked={ownPassword}
              onChange={(e) => setOwnPassword(e.currentTarget.checked)}
            />
            {ownPassword && (
              <PasswordInput
                label="One-time password"
                description="At least 12 characters; the user must change it at first sign-in."
                autoComplete="new-password"
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                error={
                  password !== '' && password.length < 12 ? 'At least 12 characters' : undefined
                }
              />
            )}
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button
                type="submit"
                disabled={!valid}
                loading={create.isPending}
                leftSection={<IconUserPlus size={16} />}
                data-testid="user-submit"
              >
                Create user
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
