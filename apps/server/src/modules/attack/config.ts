import { z } from 'zod';

const ms = (fallback: number) => z.coerce.number().int().min(1).max(86_400_000).default(fallback);

const Limits = z.object({
  METAMORPH_ATTACK_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(300 * 1024 * 1024),
  METAMORPH_ATTACK_CONNECT_TIMEOUT_MS: ms(15_000),
  METAMORPH_ATTACK_IDLE_TIMEOUT_MS: ms(30_000),
  METAMORPH_ATTACK_TOTAL_TIMEOUT_MS: ms(10 * 60_000),
});

export interface AttackLimits {
  /** Largest bundle accepted, by upload or download. */
  maxBytes: number;
  connectTimeoutMs: number;
  /** No byte for this long ends a download. */
  idleTimeoutMs: number;
  /** A download never takes longer than this, however steadily it trickles. */
  totalTimeoutMs: number;
}

/** Infrastructure limits of bundle transfers (environment; defaults suit the official bundles). */
export function attackLimits(source: NodeJS.ProcessEnv = process.env): AttackLimits {
  const e = Limits.parse({
    METAMORPH_ATTACK_MAX_BYTES: source.METAMORPH_ATTACK_MAX_BYTES || undefined,
    METAMORPH_ATTACK_CONNECT_TIMEOUT_MS: source.METAMORPH_ATTACK_CONNECT_TIMEOUT_MS || undefined,
    METAMORPH_ATTACK_IDLE_TIMEOUT_MS: source.METAMORPH_ATTACK_IDLE_TIMEOUT_MS || undefined,
    METAMORPH_ATTACK_TOTAL_TIMEOUT_MS: source.METAMORPH_ATTACK_TOTAL_TIMEOUT_MS || undefined,
  });
  return {
    maxBytes: e.METAMORPH_ATTACK_MAX_BYTES,
    connectTimeoutMs: e.METAMORPH_ATTACK_CONNECT_TIMEOUT_MS,
    idleTimeoutMs: e.METAMORPH_ATTACK_IDLE_TIMEOUT_MS,
    totalTimeoutMs: e.METAMORPH_ATTACK_TOTAL_TIMEOUT_MS,
  };
}
