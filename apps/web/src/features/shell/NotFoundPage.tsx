import { Button, Code, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconArrowLeft, IconMapSearch } from '@tabler/icons-react';
import { Link, useLocation } from 'react-router';
import { usePageTitle } from './usePageTitle';

/** Client-side 404 for deep links that match no route. */
export function NotFoundPage() {
  usePageTitle('Page not found');
  const { pathname } = useLocation();
  return (
    <Stack align="center" gap="md" py={80} ta="center" data-testid="not-found">
      <ThemeIcon size={72} radius="xl" variant="light">
        <IconMapSearch size={38} stroke={1.4} />
      </ThemeIcon>
      <Text c="dimmed" fw={600} size="sm" tt="uppercase" lts={1}>
        404
      </Text>
      <Title order={1} fz={30}>
        Page not found
      </Title>
      <Text c="dimmed" maw={460}>
        Nothing lives at{' '}
        <Code fz="sm" style={{ wordBreak: 'break-all' }}>
          {pathname}
        </Code>
        . The link may be out of date, or the page may have moved.
      </Text>
      <Button component={Link} to="/" mt="sm" leftSection={<IconArrowLeft size={16} />}>
        Back to overview
      </Button>
    </Stack>
  );
}
