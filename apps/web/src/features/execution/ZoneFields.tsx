import { Box, Input, Text, Textarea } from '@mantine/core';
import { LibraryMarkdown } from '../library/LibraryBits';
import { MarkdownField } from '../library/MarkdownField';
import type { ZoneField } from './draft-model';
import type { Display } from './execution-model';
import { FieldConflict } from './ZoneFrame';
import type { Zone } from './use-zone';

interface FieldProps<F extends ZoneField> {
  zone: Zone<F>;
  field: F;
  label: string;
  disabled: boolean;
  display: Display;
  testId: string;
  placeholder?: string;
  minRows?: number;
}

/** A Markdown field of a zone: the editor, or the rendered text when the side is read-only. */
export function ZoneMarkdown<F extends ZoneField>(p: FieldProps<F>) {
  const value = p.zone.text(p.field);
  const conflict = p.zone.conflictOf(p.field);
  return (
    <div>
      {p.disabled ? (
        <Input.Wrapper label={p.label}>
          <Box
            mt={4}
            p="xs"
            data-testid={p.testId}
            style={{
              border: '1px solid var(--mantine-color-default-border)',
              borderRadius: 'var(--mantine-radius-sm)',
            }}
          >
            {value.trim() ? (
              <LibraryMarkdown markdown={value} />
            ) : (
              <Text size="sm" c="dimmed">
                —
              </Text>
            )}
          </Box>
        </Input.Wrapper>
      ) : (
        <MarkdownField
          label={p.label}
          value={value || null}
          onChange={(v) => p.zone.set(p.field, v)}
          minRows={p.minRows ?? 3}
          testId={p.testId}
          {...(p.placeholder ? { placeholder: p.placeholder } : {})}
        />
      )}
      <FieldConflict value={conflict} display={p.display(p.field, conflict ?? null)} />
    </div>
  );
}

/** Raw text in monospace: commands, output, queries. */
export function MonoField<F extends ZoneField>(p: FieldProps<F> & { maxRows?: number }) {
  const conflict = p.zone.conflictOf(p.field);
  return (
    <div>
      <Textarea
        label={p.label}
        size="xs"
        value={p.zone.text(p.field)}
        onChange={(e) => p.zone.set(p.field, e.currentTarget.value)}
        readOnly={p.disabled}
        variant={p.disabled ? 'filled' : 'default'}
        autosize
        minRows={p.minRows ?? 2}
        maxRows={p.maxRows ?? 18}
        placeholder={p.placeholder}
        spellCheck={false}
        styles={{
          input: {
            fontFamily: 'var(--mantine-font-family-monospace)',
            fontSize: 12,
            lineHeight: 1.5,
          },
        }}
        data-testid={p.testId}
      />
      <FieldConflict value={conflict} display={p.display(p.field, conflict ?? null)} />
    </div>
  );
}
