import type { ExecutorName } from '@metamorph/contract';

const EXECUTOR_LABELS: Record<ExecutorName, { label: string; lang: string }> = {
  command_prompt: { label: 'Command Prompt (cmd.exe)', lang: 'bat' },
  powershell: { label: 'PowerShell', lang: 'powershell' },
  sh: { label: 'sh', lang: 'sh' },
  bash: { label: 'bash', lang: 'bash' },
  manual: { label: 'manual steps', lang: '' },
};

/** A code fence longer than any run of backticks in `code` (at least three). */
export function fenceFor(code: string): string {
  let longest = 0;
  for (const run of code.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return '`'.repeat(Math.max(3, longest + 1));
}

function codeBlock(code: string, lang: string): string {
  const body = code.replace(/\s+$/, '');
  const fence = fenceFor(body);
  return `${fence}${lang}\n${body}\n${fence}`;
}

export interface ProcedureInput {
  executor: ExecutorName;
  elevationRequired: boolean;
  command: string | null;
  cleanupCommand: string | null;
  steps: string | null;
}

/**
 * The human-readable procedure of an atomic test. Manual tests: their steps as written.
 * Others: the executor and elevation on one line, then the command (and the cleanup command
 * when there is one) in fenced blocks; `#{arg}` placeholders are left as they are.
 */
export function procedureMarkdown(p: ProcedureInput): string | null {
  if (p.executor === 'manual') return p.steps;
  const { label, lang } = EXECUTOR_LABELS[p.executor];
  const elevation = p.elevationRequired ? 'elevation required' : 'no elevation required';
  const parts = [`Run with **${label}** (\`${p.executor}\`), ${elevation}.`];
  if (p.command !== null) parts.push(codeBlock(p.command, lang));
  if (p.cleanupCommand !== null && p.cleanupCommand.trim() !== '') {
    parts.push('Cleanup:', codeBlock(p.cleanupCommand, lang));
  }
  return parts.join('\n\n') + '\n';
}
