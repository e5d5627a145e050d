/** `%`, `_` and `\` match literally in a user's search text (LIKE / ILIKE, default escape `\`). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
