import { Alert, Button, CopyButton, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconCheck, IconCopy, IconDownload, IconShieldLock } from '@tabler/icons-react';

interface RecoveryCodesProps {
  codes: string[];
  email: string;
  onDone: () => void;
  doneLabel?: string;
}

/** The recovery codes, shown once: copy, download, then confirm they are saved. */
export function RecoveryCodes({
  codes,
  email,
  onDone,
  doneLabel = 'I have saved them',
}: RecoveryCodesProps) {
  const text = [
    `Metamorph recovery codes for ${email}`,
    'Each code works once, in place of a code from your authenticator app.',
    '',
    ...codes,
    '',
  ].join('\n');
  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'metamorph-recovery-codes.txt';
    link.click();
    URL.revokeObjectURL(url);
  };
  return (
    <Stack gap="md" data-testid="recovery-codes">
      <Alert
        color="yellow"
        variant="light"
        icon={<IconShieldLock size={18} />}
        title="Save your recovery codes: they will not be shown again"
      >
        <Text size="sm">
          If you lose your phone, each code signs you in once instead of a code from the app. Keep
          them somewhere safe, like a password manager.
        </Text>
      </Alert>
      <SimpleGrid
        cols={2}
        spacing="xs"
        verticalSpacing={6}
        p="sm"
        style={{
          border: '1px solid var(--mantine-color-default-border)',
          borderRadius: 'var(--mantine-radius-md)',
          background: 'var(--mantine-color-default-hover)',
        }}
      >
        {codes.map((code) => (
          <Text key={code} ff="monospace" fz="sm" ta="center" data-testid="recovery-code">
            {code}
          </Text>
        ))}
      </SimpleGrid>
      <Group justify="space-between">
        <Group gap="xs">
          <CopyButton value={text} timeout={2000}>
            {({ copied, copy }) => (
              <Button
                variant="default"
                size="xs"
                onClick={copy}
                leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
              >
                {copied ? 'Copied' : 'Copy all'}
              </Button>
            )}
          </CopyButton>
          <Button
            variant="default"
            size="xs"
            onClick={download}
            leftSection={<IconDownload size={14} />}
          >
            Download
          </Button>
        </Group>
        <Button onClick={onDone} data-testid="recovery-codes-done">
          {doneLabel}
        </Button>
      </Group>
    </Stack>
  );
}
