import { MultiSelect } from '@mantine/core';
import { useRoles } from '../../../api/roles';
import { describeError } from '../../../api/describe-error';

interface RoleSelectProps {
  value: string[];
  onChange: (ids: string[]) => void;
}

/** Multi-select of every role, by id. */
export function RoleSelect({ value, onChange }: RoleSelectProps) {
  const roles = useRoles();
  const data = (roles.data?.items ?? []).map((r) => ({
    value: r.id,
    label: r.builtin ? r.name : `${r.name} (custom)`,
  }));
  return (
    <MultiSelect
      label="Roles"
      description="Permissions are the union of every role's permissions."
      placeholder={roles.isPending ? 'Loading roles…' : value.length ? undefined : 'No role'}
      data={data}
      value={value}
      onChange={onChange}
      searchable
      clearable
      nothingFoundMessage="No such role"
      error={
        roles.isError
          ? `Roles could not be loaded: ${describeError(roles.error).detail}`
          : undefined
      }
      comboboxProps={{ withinPortal: true }}
      data-testid="user-roles"
    />
  );
}
