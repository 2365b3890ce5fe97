import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { loadConfig, type Config } from '#config';

/**
 * The fence around every request the server makes to a URL a tenant chose (event webhooks, sequence webhook
 * steps): https only, no `user:pass@`, and never an address inside the operator's network. Checked when the URL
 * is saved (a clear 400) and again on the address each delivery connects to (`outboundUrlHttp.ts`), since a name
 * may resolve elsewhere later (DNS rebinding). Outside production, `http(s)://localhost`, `127.0.0.1` and `[::1]`
 * are allowed for local receivers.
 */

/** One address a host name resolves to. */
export type ResolvedAddress = { address: string; family: number };
/** Resolves a host name to every address it has (the system resolver; tests inject their own). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;
/** What outbound calls may reach: `production` turns the local-receiver exception off. */
export type OutboundPolicy = { production: boolean; resolve: Resolver };

/** A URL or an address the fence refuses; `message` says why, for the caller. */
export class OutboundRefused extends Error {
  override name = 'OutboundRefused';
}

/** `dns.lookup` with `all`: what the sockets would connect to (hosts file included). */
export const systemResolver: Resolver = (hostname) => lookup(hostname, { all: true, order: 'verbatim' });

let configured: OutboundPolicy | null = null;
let override: Partial<OutboundPolicy> | null = null;

/** Sets the process's policy from the configuration (start-up). */
export function configureOutbound(config: Pick<Config, 'env'>): void {
  configured = { production: config.env === 'production', resolve: systemResolver };
}

/** Tests only: replaces parts of the policy (a resolver, production mode) until called again with null. */
export function overrideOutboundPolicy(next: Partial<OutboundPolicy> | null): void {
  override = next;
}

/** The policy in force: the configured one (else read from the environment), with any test override. */
export function outboundPolicy(): OutboundPolicy {
  configured ??= { production: loadConfig().env === 'production', resolve: systemResolver };
  return { ...configured, ...override };
}

/** Cloud metadata and platform endpoints (AWS, GCP, Azure, OpenStack; Azure's WireServer sits in public space). */
const METADATA_ADDRESSES = new Set(
  ['169.254.169.254', 'fd00:ec2::254', '168.63.129.16', '169.254.169.253'].map((a) =>
    ipaddr.parse(a).toNormalizedString(),
  ),
);
const METADATA_NAMES = new Set([
  'metadata.google.internal',
  'metadata.goog',
  'metadata',
  'instance-data',
  'instance-data.ec2.internal',
]);
/** Host names of the local-receiver exception (outside production only). */
const LOCAL_RECEIVERS = new Set(['localhost', '127.0.0.1', '::1']);

const REASONS: Record<string, string> = {
  loopback: 'a loopback address',
  private: 'a private (RFC 1918) address',
  linkLocal: 'a link-local address',
  carrierGradeNat: 'a carrier-grade NAT (100.64.0.0/10) address',
  uniqueLocal: 'a unique local (fc00::/7) address',
  unspecified: 'an unspecified address',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
};

/** Whether a connection to `ip` is allowed: only public unicast addresses are; `reason` names the range otherwise. */
export type AddressVerdict = { allowed: true } | { allowed: false; reason: string };

/**
 * Classifies an IP address (IPv4-mapped IPv6 is judged as the IPv4 inside it). Anything but ipaddr.js's
 * `unicast` range is refused: loopback, RFC 1918, link-local, CGNAT, ULA, unspecified, multicast, and the
 * reserved, documentation, NAT64, 6to4 and Teredo ranges, whose traffic may end up inside a network too.
 */
export function classifyAddress(ip: string): AddressVerdict {
  const bare = ip.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  if (!ipaddr.isValid(bare)) return { allowed: false, reason: 'not an IP address' };
  const address = ipaddr.process(bare);
  if (METADATA_ADDRESSES.has(address.toNormalizedString()))
    return { allowed: false, reason: 'a cloud metadata address' };
  const range = address.range();
  if (range !== 'unicast') return { allowed: false, reason: REASONS[range] ?? `a reserved address (${range})` };
  // ::a.b.c.d (IPv4-compatible, deprecated) carries an IPv4 address that ipaddr.js files under plain unicast.
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).parts.slice(0, 6).every((p) => p === 0))
    return { allowed: false, reason: 'an IPv4-compatible IPv6 address' };
  return { allowed: true };
}

/** A parsed target: its URL, bare host name, and whether it is the local-receiver exception. */
export type OutboundTarget = { url: URL; host: string; literal: boolean; localReceiver: boolean };

/** Checks what needs no DNS: scheme, credentials, metadata names and IP literals. Throws OutboundRefused. */
export function parseTarget(raw: string, policy: Pick<OutboundPolicy, 'production'>): OutboundTarget {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundRefused('is not a valid URL');
  }
  if (url.username || url.password) throw new OutboundRefused('must not carry a user name or password (user:pass@)');
  const host = url.hostname
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
  const localReceiver = !policy.production && LOCAL_RECEIVERS.has(host);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && localReceiver)) {
    throw new OutboundRefused(
      policy.production
        ? 'must use https'
        : 'must use https (http only for localhost or 127.0.0.1, outside production)',
    );
  }
  const literal = isIP(host) !== 0;
  if (localReceiver) return { url, host, literal, localReceiver };
  if (host === 'localhost' || host.endsWith('.localhost') || METADATA_NAMES.has(host)) {
    throw new OutboundRefused(
      `must not name ${host}: a local or cloud metadata host${policy.production ? '' : ' (localhost is allowed outside production only)'}`,
    );
  }
  if (literal) {
    const verdict = classifyAddress(host);
    if (!verdict.allowed) throw new OutboundRefused(`must not point at ${verdict.reason}; use a public address`);
  }
  return { url, host, literal, localReceiver };
}

/** `classifyAddress`, except that the local-receiver exception also lets loopback addresses through. */
export function addressVerdict(address: string, localReceiver: boolean): AddressVerdict {
  const verdict = classifyAddress(address);
  if (verdict.allowed || !localReceiver) return verdict;
  return ipaddr.isValid(address) && ipaddr.process(address).range() === 'loopback' ? { allowed: true } : verdict;
}

/** Refuses the first address that is not allowed (every one must pass: a mixed answer is a rebinding trick). */
export function assertAddresses(host: string, addresses: readonly ResolvedAddress[], localReceiver: boolean): void {
  for (const { address } of addresses) {
    const verdict = addressVerdict(address, localReceiver);
    if (!verdict.allowed)
      throw new OutboundRefused(`${host} resolves to ${verdict.reason}; webhook targets must be public`);
  }
}

/** How long a save waits for DNS before it lets the delivery-time check decide. */
const RESOLVE_TIMEOUT_MS = 3_000;

/**
 * The save-time check of a URL: null when acceptable, else why not. A name is resolved and every address
 * must be public. A name that does not resolve (yet) is accepted: every delivery resolves it again and
 * refuses what is not public, so this check is early feedback, not the fence.
 */
export async function checkOutboundUrl(raw: string, policy: OutboundPolicy = outboundPolicy()): Promise<string | null> {
  try {
    const target = parseTarget(raw, policy);
    if (target.literal || target.localReceiver) return null;
    let timer: NodeJS.Timeout | undefined;
    const addresses = await Promise.race([
      policy.resolve(target.host),
      new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), RESOLVE_TIMEOUT_MS))),
    ])
      .catch(() => null)
      .finally(() => clearTimeout(timer));
    if (addresses) assertAddresses(target.host, addresses, false);
    return null;
  } catch (error) {
    if (error instanceof OutboundRefused) return error.message;
    throw error;
  }
}
