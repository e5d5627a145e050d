import { Box, Card, Center, Group, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { LogoMark } from '../shell/LogoMark';
import { PRODUCT_NAME } from '../shell/usePageTitle';

/** The frame of the pages shown without the shell: sign-in, forced password change and MFA setup. */
export function AuthLayout({
  children,
  testId,
  width = 420,
}: {
  children: ReactNode;
  testId?: string;
  width?: number;
}) {
  return (
    <Box
      component="main"
      mih="100vh"
      style={{
        background:
          'radial-gradient(60rem 30rem at 15% -10%, rgba(240, 82, 107, 0.10), transparent 60%),' +
          'radial-gradient(60rem 30rem at 85% -10%, rgba(76, 141, 255, 0.12), transparent 60%)',
      }}
    >
      <Center mih="100vh" p="md">
        <Stack w="100%" maw={width} gap="lg" data-testid={testId}>
          <Group gap={10} justify="center">
            <LogoMark size={36} />
            <Text fw={700} fz={22} lts={-0.3}>
              {PRODUCT_NAME}
            </Text>
          </Group>
          <Card p="xl" shadow="md">
            {children}
          </Card>
          <Text size="xs" c="dimmed" ta="center">
            Purple-team exercises · every sign-in is recorded in the audit log
          </Text>
        </Stack>
      </Center>
    </Box>
  );
}

export function FullPageLoader() {
  return (
    <Center mih="100vh" data-testid="auth-loading" aria-busy="true">
      <Stack align="center" gap="sm">
        <LogoMark size={40} />
        <Text size="sm" c="dimmed">
          Checking your session…
        </Text>
      </Stack>
    </Center>
  );
}
