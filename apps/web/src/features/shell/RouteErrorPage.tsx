import { Button, Center, Code, Group, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconBug, IconReload } from '@tabler/icons-react';
import { isRouteErrorResponse, useRouteError } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LogoMark } from './LogoMark';
import { NotFoundPage } from './NotFoundPage';
import { usePageTitle } from './usePageTitle';

interface RouteErrorPageProps {
  /** The shell itself failed: render without it, and leave the router alone. */
  standalone?: boolean;
}

/** Route error boundary: a page (or the shell) threw while rendering or loading. */
export function RouteErrorPage({ standalone = false }: RouteErrorPageProps) {
  const error = useRouteError();
  if (!standalone && isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;

  const page = <ErrorContent error={error} standalone={standalone} />;
  if (!standalone) return page;
  return (
    <Center mih="100vh" p="xl">
      <Stack maw={560} w="100%" gap="lg">
        <Group gap={10}>
          <LogoMark size={30} />
          <Text fw={700} fz="lg">
            Metamorph
          </Text>
        </Group>
        {page}
      </Stack>
    </Center>
  );
}

function ErrorContent({ error, standalone }: { error: unknown; standalone: boolean }) {
  usePageTitle('Something went wrong');
  const routeResponse = isRouteErrorResponse(error) ? error : null;
  const stack = import.meta.env.DEV && error instanceof Error ? error.stack : undefined;
  return (
    <Stack gap="md" py={standalone ? 0 : 48} maw={640} data-testid="route-error">
      <Group gap="md" wrap="nowrap">
        <ThemeIcon size={52} radius="xl" variant="light" color="red">
          <IconBug size={28} stroke={1.5} />
        </ThemeIcon>
        <div>
          <Title order={1} fz={26}>
            Something went wrong
          </Title>
          <Text c="dimmed" size="sm">
            This page failed to load. Reloading usually helps; if it keeps happening, report it with
            the details below.
          </Text>
        </div>
      </Group>
      {routeResponse ? (
        <ErrorAlert
          error={new Error(`${routeResponse.status} ${routeResponse.statusText}`.trim())}
          title="The page could not be loaded"
        />
      ) : (
        <ErrorAlert error={error} />
      )}
      {stack && (
        <Code block fz="xs" mah={240} style={{ overflow: 'auto' }}>
          {stack}
        </Code>
      )}
      <Group gap="sm">
        <Button leftSection={<IconReload size={16} />} onClick={() => window.location.reload()}>
          Reload page
        </Button>
        {/* A plain link: after a failure the router's own state may be what broke. */}
        <Button component="a" href="/" variant="default">
          Back to overview
        </Button>
      </Group>
    </Stack>
  );
}
