import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { literalAddress, refusalReason, type RefusalReason } from './address-policy.js';

/** Why an outbound request was not sent (or stopped); the message names the URL and the rule. */
export class OutboundError extends Error {
  constructor(
    /** The URL concerned (a redirect target, for a refused redirect). */
    readonly url: string,
    /** What went wrong, worded to follow the URL: `refused: …`, `timed out after 5 ms`. */
    readonly problem: string,
    readonly kind: 'refused' | 'timeout' | 'too_large' | 'network',
  ) {
    super(`${url} ${problem}`);
    this.name = 'OutboundError';
  }
}

/** `dns.lookup`'s shape with `all: true`, the one the guard calls (tests pass a fake resolver). */
export type ResolveAll = (
  hostname: string,
  options: LookupAllOptions,
  callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

const describe = (address: string, reason: RefusalReason) =>
  `${address} is a ${reason} address (an admin can allow private targets: setting outbound.allow_private_targets)`;

export interface GuardOptions {
  allowPrivate: boolean;
  /** The address rule; `refusalReason` unless a test narrows it. */
  refusal?: (ip: string) => RefusalReason | null;
}

/**
 * What can be told from the URL alone: an http(s) scheme, no credentials, and a host that is not
 * a refused literal address or a `localhost` name. Returns the problem, or null.
 */
export function urlProblem(url: URL, opts: GuardOptions): string | null {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `${url.protocol.replace(/:$/, '')} URLs are refused: only http and https`;
  }
  if (url.username || url.password) return 'URLs with credentials are refused';
  if (opts.allowPrivate) return null;
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) {
    return describe(url.hostname, 'loopback');
  }
  const literal = literalAddress(url.hostname);
  const reason = literal ? (opts.refusal ?? refusalReason)(literal) : null;
  return literal && reason ? describe(literal, reason) : null;
}

/**
 * A `lookup` for the socket: resolves the name, then refuses it when any address it resolves to
 * is refused. It runs when the connection is made, so the address checked is the address used
 * (no gap for DNS rebinding between a check and the connect).
 */
export function guardedLookup(opts: GuardOptions, resolve: ResolveAll = dnsLookup): LookupFunction {
  const refusal = opts.refusal ?? refusalReason;
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const refused = opts.allowPrivate
        ? undefined
        : addresses.map((a) => ({ a, reason: refusal(a.address) })).find((x) => x.reason);
      if (refused?.reason) {
        const problem = `refused: ${hostname} resolves to ${describe(refused.a.address, refused.reason)}`;
        return callback(
          Object.assign(new OutboundError(hostname, problem, 'refused'), {
            code: 'EOUTBOUNDREFUSED',
          }),
          '',
          0,
        );
      }
      if (addresses.length === 0) {
        return callback(
          Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }),
          '',
          0,
        );
      }
      if (options.all) {
        callback(null, addresses);
      } else {
        const first = addresses[0] as LookupAddress;
        callback(null, first.address, first.family);
      }
    });
  };
}
