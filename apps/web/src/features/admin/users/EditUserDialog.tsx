import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import type { UpdateUserRequest, User } from '@metamorph/contract';
import { useEffect, useState, type FormEvent } from 'react';
import { useUpdateUser } from '../../../api/users';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { RoleSelect } from './RoleSelect';

/** Edit name, email and roles; only the changed fields are sent. */
export function EditUserDialog({ user, onClose }: { user: User | null; onClose: () => void }) {
  const update = useUpdateUser();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [roleIds, setRoleIds] = useState<string[]>([]);

  useEffect(() => {
    if (!user) return;
    setEmail(user.email);
    setName(user.display_name);
    setRoleIds(user.roles.map((r) => r.id));
    update.reset();
    // Reset the form only when another user is opened.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [user]);

  const changes: UpdateUserRequest = {};
  if (user) {
    if (email.trim() !== user.email) changes.email = email.trim();
    if (name.trim() !== user.display_name) changes.display_name = name.trim();
    const before = user.roles.map((r) => r.id).sort();
    const after = [...roleIds].sort();
    if (before.join() !== after.join()) changes.role_ids = roleIds;
  }
  const dirty = Object.keys(changes).length > 0;
  const valid = email.trim() !== '' && name.trim() !== '';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!user || !dirty || !valid) return;
    update.mutate({ id: user.id, body: changes }, { onSuccess: onClose });
  };

  return (
    <Modal
      opened={user !== null}
      onClose={onClose}
      title={<Text fw={600}>Edit user</Text>}
      size="lg"
    >
      <form onSubmit={submit} noValidate data-testid="edit-user-form">
        <Stack gap="md">
          {update.isError && <ErrorAlert error={update.error} />}
          <TextInput
            label="Email"
            type="email"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
          />
          <TextInput
            label="Display name"
            required
            maxLength={120}
            data-autofocus
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <RoleSelect value={roleIds} onChange={setRoleIds} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button
              type="submit"
              disabled={!dirty || !valid}
              loading={update.isPending}
              data-testid="edit-user-submit"
            >
              Save changes
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
