/** Server-Sent Events wire format (https://html.spec.whatwg.org/#server-sent-events). */

export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  // nginx and friends buffer responses unless told not to.
  'x-accel-buffering': 'no',
} as const;

/** One event; `data` is JSON on a single line, so no field can break the framing. */
export function sseEvent(event: string, data: unknown, id?: number): string {
  const head = id === undefined ? '' : `id: ${id}\n`;
  return `${head}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export const sseRetry = (ms: number) => `retry: ${ms}\n\n`;
export const sseComment = (text: string) => `: ${text.replace(/[\r\n]/g, ' ')}\n\n`;

/** `Last-Event-ID` as a sequence number; anything else is ignored. */
export function parseLastEventId(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value || !/^\d{1,15}$/.test(value.trim())) return undefined;
  return Number(value.trim());
}
