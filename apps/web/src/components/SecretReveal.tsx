import { ActionIcon, Alert, Code, CopyButton, Group, Stack, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy, IconShieldLock } from '@tabler/icons-react';

interface SecretRevealProps {
  /** What the secret is, e.g. "API token" or "Initial password". */
  label: string;
  value: string;
  /** What to tell the user about it (shown under the warning title). */
  warning: string;
  testId?: string;
}

/** A secret the server shows exactly once: a warning, the value, and a copy button. */
export function SecretReveal({
  label,
  value,
  warning,
  testId = 'secret-value',
}: SecretRevealProps) {
  return (
    <Stack gap="sm">
      <Alert
        color="yellow"
        variant="light"
        icon={<IconShieldLock size={18} />}
        title="Copy it now: it will not be shown again"
      >
        <Text size="sm">{warning}</Text>
      </Alert>
      <Stack gap={4}>
        <Text size="sm" fw={500} id={`${testId}-label`}>
          {label}
        </Text>
        <Group
          gap="xs"
          wrap="nowrap"
          p={6}
          pl="sm"
          style={{
            border: '1px solid var(--mantine-color-default-border)',
            borderRadius: 'var(--mantine-radius-md)',
            background: 'var(--mantine-color-default-hover)',
          }}
        >
          <Code
            data-testid={testId}
            aria-labelledby={`${testId}-label`}
            fz="sm"
            bg="transparent"
            style={{ flex: 1, wordBreak: 'break-all', userSelect: 'all' }}
          >
            {value}
          </Code>
          <CopyButton value={value} timeout={2000}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? 'Copied' : `Copy ${label.toLowerCase()}`}>
                <ActionIcon
                  variant="light"
                  color={copied ? 'teal' : 'purple'}
                  size="lg"
                  onClick={copy}
                  aria-label={`Copy ${label.toLowerCase()}`}
                >
                  {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                </ActionIcon>
              </Tooltip>
            )}
          </CopyButton>
        </Group>
      </Stack>
    </Stack>
  );
}
