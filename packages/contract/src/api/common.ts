import { z } from 'zod';

/** ISO 8601 UTC with milliseconds, e.g. 2026-11-29T14:03:18.000Z. */
export const IsoDateTime = z.iso.datetime({ offset: false, precision: 3 });
export const Uuid = z.uuid();
export const IsoDate = z.iso.date({ error: 'must be a date like 2026-11-29' });

export const IdParams = z.object({ id: Uuid });
export type IdParams = z.infer<typeof IdParams>;
