import type { Resolver } from '#security/outboundUrl';

/** A resolver over a table tests may change between calls; names not in it do not resolve (ENOTFOUND). */
export function tableResolver(table: Record<string, string[]>): Resolver {
  return async (hostname) => {
    const addresses = table[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

/** A public address (documentation ranges are refused as reserved, so a real one stands in; nothing connects to it). */
export const PUBLIC_V4 = '93.184.215.14';
