import { Box, Group, Input, SegmentedControl, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { LibraryMarkdown } from './LibraryBits';

interface MarkdownFieldProps {
  label: string;
  description?: string;
  value: string | null;
  onChange: (value: string | null) => void;
  error?: string | undefined;
  minRows?: number;
  placeholder?: string;
  testId: string;
}

/** A Markdown textarea with a "Preview" tab that renders it exactly like the read view. */
export function MarkdownField(props: MarkdownFieldProps) {
  const { label, description, value, onChange, error, minRows = 4, placeholder, testId } = props;
  const [mode, setMode] = useState<'write' | 'preview'>('write');
  const text = value ?? '';
  return (
    <Input.Wrapper label={label} description={description} error={error}>
      <Box mt={4}>
        <Group justify="space-between" mb={4} gap="xs">
          <Text size="xs" c="dimmed">
            Markdown
          </Text>
          <SegmentedControl
            size="xs"
            value={mode}
            onChange={(v) => setMode(v as 'write' | 'preview')}
            data={[
              { value: 'write', label: 'Write' },
              { value: 'preview', label: 'Preview' },
            ]}
            aria-label={`${label}: write or preview`}
            data-testid={`${testId}-mode`}
          />
        </Group>
        {mode === 'write' ? (
          <Textarea
            aria-label={label}
            value={text}
            onChange={(e) => onChange(e.currentTarget.value === '' ? null : e.currentTarget.value)}
            autosize
            minRows={minRows}
            maxRows={24}
            placeholder={placeholder}
            error={Boolean(error)}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
            data-testid={testId}
          />
        ) : (
          <Box
            p="sm"
            mih={minRows * 24}
            data-testid={`${testId}-preview`}
            style={{
              border: '1px solid var(--mantine-color-default-border)',
              borderRadius: 'var(--mantine-radius-md)',
            }}
          >
            {text.trim() ? (
              <LibraryMarkdown markdown={text} />
            ) : (
              <Text size="sm" c="dimmed">
                Nothing to preview.
              </Text>
            )}
          </Box>
        )}
      </Box>
    </Input.Wrapper>
  );
}
