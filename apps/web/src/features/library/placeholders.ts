/**
 * Atomic Red Team commands keep `#{argument}` placeholders; they are substituted at
 * execution. These helpers split a command so the UI can highlight them.
 */

export type CommandSegment =
  { kind: 'text'; text: string } | { kind: 'placeholder'; text: string; name: string };

const PLACEHOLDER = /#\{([^{}\s]+)\}/g;

/** The command as text and placeholder segments, in order; joining `text` gives it back. */
export function splitPlaceholders(command: string): CommandSegment[] {
  const segments: CommandSegment[] = [];
  let last = 0;
  for (const m of command.matchAll(PLACEHOLDER)) {
    const start = m.index;
    if (start > last) segments.push({ kind: 'text', text: command.slice(last, start) });
    segments.push({ kind: 'placeholder', text: m[0], name: m[1] ?? '' });
    last = start + m[0].length;
  }
  if (last < command.length) segments.push({ kind: 'text', text: command.slice(last) });
  return segments;
}

/** Distinct placeholder names used by the commands, in order of first use. */
export function placeholderNames(...commands: (string | null | undefined)[]): string[] {
  const names: string[] = [];
  for (const command of commands) {
    if (!command) continue;
    for (const m of command.matchAll(PLACEHOLDER)) {
      const name = m[1] ?? '';
      if (name && !names.includes(name)) names.push(name);
    }
  }
  return names;
}

/** Placeholders used in the commands that no input argument defines. */
export function undefinedPlaceholders(
  commands: (string | null | undefined)[],
  argumentNames: readonly string[],
): string[] {
  return placeholderNames(...commands).filter((n) => !argumentNames.includes(n));
}
