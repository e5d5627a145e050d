import { Alert, Button, Group, Modal, Stack, Text, TextInput, Textarea } from '@mantine/core';
import type { Permission, Role } from '@metamorph/contract';
import { IconInfoCircle } from '@tabler/icons-react';
import { useEffect, useState, type FormEvent } from 'react';
import { useSaveRole } from '../../../api/roles';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PermissionPicker } from '../../../components/PermissionPicker';

interface RoleDialogProps {
  /** The role to edit, 'new' to create one, null when closed. */
  role: Role | 'new' | null;
  onClose: () => void;
}

export function RoleDialog({ role, onClose }: RoleDialogProps) {
  const save = useSaveRole();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [permissions, setPermissions] = useState<Permission[]>([]);
  const existing = role !== null && role !== 'new' ? role : null;
  const isAdminRole = existing?.key === 'admin';

  useEffect(() => {
    if (role === null) return;
    setName(existing?.name ?? '');
    setDescription(existing?.description ?? '');
    setPermissions(existing?.permissions ?? []);
    save.reset();
    // Reset the form only when another role is opened.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [role]);

  const valid = name.trim() !== '';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!valid) return;
    save.mutate(
      {
        id: existing?.id ?? null,
        body: { name: name.trim(), description: description.trim(), permissions },
      },
      { onSuccess: onClose },
    );
  };

  return (
    <Modal
      opened={role !== null}
      onClose={onClose}
      size="xl"
      title={<Text fw={600}>{existing ? `Edit role: ${existing.name}` : 'New role'}</Text>}
    >
      <form onSubmit={submit} noValidate data-testid="role-form">
        <Stack gap="md">
          {save.isError && <ErrorAlert error={save.error} />}
          {isAdminRole && (
            <Alert color="purple" variant="light" icon={<IconInfoCircle size={18} />}>
              The Admin role always keeps every permission, so nobody can lock the instance out of
              its own administration.
            </Alert>
          )}
          <TextInput
            label="Name"
            required
            maxLength={80}
            data-autofocus
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            data-testid="role-name"
          />
          <Textarea
            label="Description"
            description="Who should hold this role, and why."
            maxLength={500}
            autosize
            minRows={2}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            data-testid="role-description"
          />
          <div>
            <Text size="sm" fw={500} mb={4}>
              Permissions
            </Text>
            <PermissionPicker
              label="Role permissions"
              value={permissions}
              onChange={setPermissions}
              disabled={isAdminRole}
            />
          </div>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button
              type="submit"
              disabled={!valid}
              loading={save.isPending}
              data-testid="role-submit"
            >
              {existing ? 'Save role' : 'Create role'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
