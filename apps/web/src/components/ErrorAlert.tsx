import { Alert, Button, Group, List, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconRefresh } from '@tabler/icons-react';
import { describeError } from '../api/describe-error';
import { RequestId } from './RequestId';

interface ErrorAlertProps {
  error: unknown;
  /** Overrides the title derived from the error. */
  title?: string;
  /** Shows a "Try again" button. */
  onRetry?: () => void;
  retrying?: boolean;
}

/** Shows any API error: the server's detail, status, field problems and request id. */
export function ErrorAlert({ error, title, onRetry, retrying = false }: ErrorAlertProps) {
  const described = describeError(error);
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertTriangle size={18} />}
      title={title ?? described.title}
      data-testid="error-alert"
      data-status={described.status ?? undefined}
    >
      <Stack gap="xs">
        <Text size="sm" data-testid="error-detail">
          {described.detail}
        </Text>
        {described.fields.length > 0 && (
          <List size="xs" spacing={2}>
            {described.fields.map((field) => (
              <List.Item key={`${field.path}:${field.message}`}>
                <Text span ff="monospace" fz="xs">
                  {field.path}
                </Text>
                : {field.message}
              </List.Item>
            ))}
          </List>
        )}
        {(described.requestId || onRetry) && (
          <Group justify="space-between" gap="xs">
            {described.requestId ? <RequestId value={described.requestId} /> : <span />}
            {onRetry && (
              <Button
                size="compact-xs"
                variant="subtle"
                color="red"
                leftSection={<IconRefresh size={14} />}
                onClick={onRetry}
                loading={retrying}
              >
                Try again
              </Button>
            )}
          </Group>
        )}
      </Stack>
    </Alert>
  );
}
