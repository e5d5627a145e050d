import { Stack, Text, ThemeIcon } from '@mantine/core';
import type { Icon } from '@tabler/icons-react';
import type { ReactNode } from 'react';

interface EmptyStateProps {
  icon: Icon;
  title: string;
  children?: ReactNode;
  testId?: string;
}

export function EmptyState({ icon: EmptyIcon, title, children, testId }: EmptyStateProps) {
  return (
    <Stack align="center" gap={6} py="xl" ta="center" data-testid={testId ?? 'empty-state'}>
      <ThemeIcon size={44} radius="xl" variant="light" color="gray">
        <EmptyIcon size={22} stroke={1.5} />
      </ThemeIcon>
      <Text fw={600}>{title}</Text>
      {children && (
        <Text size="sm" c="dimmed" maw={420}>
          {children}
        </Text>
      )}
    </Stack>
  );
}
