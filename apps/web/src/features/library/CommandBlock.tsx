import { ActionIcon, CopyButton, Group, Text, Tooltip } from '@mantine/core';
import type { InputArgument } from '@metamorph/contract';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import classes from './Library.module.css';
import { splitPlaceholders } from './placeholders';

interface CommandBlockProps {
  label: string;
  command: string;
  args: readonly InputArgument[];
  testId?: string;
}

/** A command as code, `#{arg}` placeholders highlighted (with the argument's default on hover). */
export function CommandBlock({ label, command, args, testId }: CommandBlockProps) {
  return (
    <div data-testid={testId}>
      <Group justify="space-between" gap="xs" mb={4}>
        <Text size="xs" fw={600} c="dimmed" tt="uppercase" lts={0.5}>
          {label}
        </Text>
        <CopyButton value={command} timeout={1500}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? 'Copied' : `Copy ${label.toLowerCase()}`}>
              <ActionIcon
                variant="subtle"
                color={copied ? 'teal' : 'gray'}
                size="sm"
                onClick={copy}
                aria-label={`Copy ${label.toLowerCase()}`}
              >
                {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
      <pre className={classes.command}>
        <code>
          {splitPlaceholders(command).map((s, i) => {
            if (s.kind === 'text') return s.text;
            const arg = args.find((a) => a.name === s.name);
            const hint = arg
              ? `${arg.type}${arg.default !== null ? ` · default: ${arg.default}` : ''}`
              : 'No input argument defines it';
            return (
              <Tooltip key={i} label={hint} multiline maw={360}>
                <span
                  className={classes.placeholder}
                  data-undefined={arg ? undefined : true}
                  data-testid="command-placeholder"
                >
                  {s.text}
                </span>
              </Tooltip>
            );
          })}
        </code>
      </pre>
    </div>
  );
}
