import { Stack, Text, ThemeIcon, Title } from '@mantine/core';
import type { Permission } from '@metamorph/contract';
import { IconLock } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { usePageTitle } from '../shell/usePageTitle';
import { useCan } from './current-user';

/** Renders `children` only for users holding `permission`; others see why not. */
export function RequirePermission(props: { permission: Permission; children: ReactNode }) {
  const allowed = useCan(props.permission);
  return allowed ? props.children : <NoAccess permission={props.permission} />;
}

function NoAccess({ permission }: { permission: Permission }) {
  usePageTitle('No access');
  return (
    <Stack align="center" gap="md" py={80} ta="center" data-testid="no-access">
      <ThemeIcon size={64} radius="xl" variant="light" color="gray">
        <IconLock size={32} stroke={1.4} />
      </ThemeIcon>
      <Title order={1} fz={26}>
        You do not have access to this page
      </Title>
      <Text c="dimmed" maw={460}>
        It needs the <b>{permission}</b> permission. Ask an administrator to give you a role that
        includes it.
      </Text>
    </Stack>
  );
}
