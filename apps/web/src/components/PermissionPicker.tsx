import { Checkbox, Group, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { PERMISSION_CATALOGUE, PERMISSIONS, type Permission } from '@metamorph/contract';

const AREA_LABELS: Record<string, string> = {
  admin: 'Administration',
  audit: 'Audit',
  attack: 'MITRE ATT&CK',
  library: 'Library',
  mission: 'Missions',
  report: 'Reports',
};

export interface PermissionArea {
  key: string;
  label: string;
  permissions: Permission[];
}

/** The catalogue grouped by the part before the dot, in catalogue order. */
export function permissionAreas(only?: readonly Permission[]): PermissionArea[] {
  const areas = new Map<string, PermissionArea>();
  for (const permission of PERMISSIONS) {
    if (only && !only.includes(permission)) continue;
    const key = permission.split('.')[0] ?? permission;
    const area = areas.get(key) ?? { key, label: AREA_LABELS[key] ?? key, permissions: [] };
    area.permissions.push(permission);
    areas.set(key, area);
  }
  return [...areas.values()];
}

interface PermissionPickerProps {
  value: readonly Permission[];
  onChange: (value: Permission[]) => void;
  /** Only these may be picked (e.g. a token's scopes: the user's own permissions). */
  available?: readonly Permission[];
  disabled?: boolean;
  /** Accessible name of the whole group. */
  label: string;
}

/** Permission checkboxes grouped by area, each with what it allows. */
export function PermissionPicker(props: PermissionPickerProps) {
  const { value, onChange, available, disabled = false } = props;
  const toggle = (permission: Permission, checked: boolean) => {
    const set = new Set(value);
    if (checked) set.add(permission);
    else set.delete(permission);
    onChange(PERMISSIONS.filter((p) => set.has(p)));
  };
  const toggleArea = (area: PermissionArea, checked: boolean) => {
    const set = new Set(value);
    for (const p of area.permissions) {
      if (checked) set.add(p);
      else set.delete(p);
    }
    onChange(PERMISSIONS.filter((p) => set.has(p)));
  };

  return (
    <Stack gap="sm" role="group" aria-label={props.label} data-testid="permission-picker">
      {permissionAreas(available).map((area) => {
        const picked = area.permissions.filter((p) => value.includes(p)).length;
        return (
          <Paper key={area.key} withBorder p="sm" radius="md">
            <Group justify="space-between" mb={8}>
              <Checkbox
                label={
                  <Text size="sm" fw={600}>
                    {area.label}
                  </Text>
                }
                checked={picked === area.permissions.length}
                indeterminate={picked > 0 && picked < area.permissions.length}
                onChange={(e) => toggleArea(area, e.currentTarget.checked)}
                disabled={disabled}
                aria-label={`All ${area.label} permissions`}
              />
              <Text size="xs" c="dimmed">
                {picked} of {area.permissions.length}
              </Text>
            </Group>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" verticalSpacing="xs" pl="lg">
              {area.permissions.map((permission) => (
                <Checkbox
                  key={permission}
                  value={permission}
                  checked={value.includes(permission)}
                  onChange={(e) => toggle(permission, e.currentTarget.checked)}
                  disabled={disabled}
                  data-testid={`perm-${permission}`}
                  label={
                    <Text size="sm" ff="monospace">
                      {permission}
                    </Text>
                  }
                  description={PERMISSION_CATALOGUE[permission]}
                />
              ))}
            </SimpleGrid>
          </Paper>
        );
      })}
    </Stack>
  );
}
