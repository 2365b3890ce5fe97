import { describe, expect, it } from 'vitest';
import { PUBLIC_V4, tableResolver } from '../../test/helpers/outbound';
import { checkOutboundUrl, classifyAddress, parseTarget, type OutboundPolicy, type Resolver } from './outboundUrl';

const PUBLIC_V6 = '2606:2800:21f:cb07:6820:80da:af6b:8b2c';

describe('classifyAddress', () => {
  it.each([
    ['127.0.0.1', 'a loopback address'],
    ['127.255.0.9', 'a loopback address'],
    ['::1', 'a loopback address'],
    ['10.0.0.5', 'a private (RFC 1918) address'],
    ['172.16.0.1', 'a private (RFC 1918) address'],
    ['172.31.255.254', 'a private (RFC 1918) address'],
    ['192.168.1.20', 'a private (RFC 1918) address'],
    ['169.254.10.10', 'a link-local address'],
    ['fe80::1', 'a link-local address'],
    ['fe80::1%eth0', 'a link-local address'],
    ['100.64.0.1', 'a carrier-grade NAT (100.64.0.0/10) address'],
    ['100.127.255.254', 'a carrier-grade NAT (100.64.0.0/10) address'],
    ['100.100.100.200', 'a carrier-grade NAT (100.64.0.0/10) address'],
    ['fc00::1', 'a unique local (fc00::/7) address'],
    ['fd12:3456::1', 'a unique local (fc00::/7) address'],
    ['0.0.0.0', 'an unspecified address'],
    ['::', 'an unspecified address'],
    ['224.0.0.1', 'a multicast address'],
    ['ff02::1', 'a multicast address'],
    ['255.255.255.255', 'the broadcast address'],
    ['169.254.169.254', 'a cloud metadata address'],
    ['fd00:ec2::254', 'a cloud metadata address'],
    ['168.63.129.16', 'a cloud metadata address'],
    ['::ffff:127.0.0.1', 'a loopback address'],
    ['::ffff:10.1.2.3', 'a private (RFC 1918) address'],
    ['::ffff:169.254.169.254', 'a cloud metadata address'],
    ['::ffff:7f00:1', 'a loopback address'],
    ['::127.0.0.1', 'a loopback address'],
    ['::a00:1', 'an IPv4-compatible IPv6 address'],
    ['64:ff9b::a00:1', 'a reserved address (rfc6052)'],
    ['2002:a00:1::', 'a reserved address (6to4)'],
    ['192.0.2.10', 'a reserved address (reserved)'],
    ['198.18.0.1', 'a reserved address (reserved)'],
    ['240.0.0.1', 'a reserved address (reserved)'],
    ['[::1]', 'a loopback address'],
    ['not-an-ip', 'not an IP address'],
  ])('refuses %s: %s', (address, reason) => {
    expect(classifyAddress(address)).toEqual({ allowed: false, reason });
  });

  it.each([PUBLIC_V4, '8.8.8.8', '172.32.0.1', '100.128.0.1', '169.255.0.1', PUBLIC_V6, `::ffff:${PUBLIC_V4}`])(
    'allows the public address %s',
    (address) => {
      expect(classifyAddress(address)).toEqual({ allowed: true });
    },
  );
});

describe('parseTarget', () => {
  const dev = { production: false };
  const prod = { production: true };

  it('allows https, and http only for localhost, 127.0.0.1 and [::1] outside production', () => {
    expect(parseTarget('https://hooks.example.com/in', prod)).toMatchObject({
      host: 'hooks.example.com',
      literal: false,
      localReceiver: false,
    });
    for (const url of [
      'http://localhost:8080/in',
      'http://127.0.0.1:9/in',
      'http://[::1]:9/in',
      'https://localhost/in',
      'http://LOCALHOST./in',
    ]) {
      expect(parseTarget(url, dev).localReceiver, url).toBe(true);
    }
    for (const url of [
      'http://localhost:8080/in',
      'http://127.0.0.1:9/in',
      'http://[::1]/in',
      'http://hooks.example.com/in',
    ]) {
      expect(() => parseTarget(url, prod), url).toThrow('must use https');
    }
    expect(() => parseTarget('http://hooks.example.com/in', dev)).toThrow(/must use https \(http only for localhost/);
    expect(() => parseTarget('ftp://hooks.example.com/in', dev)).toThrow(/must use https/);
    expect(() => parseTarget('not a url', dev)).toThrow('is not a valid URL');
  });

  it('refuses https://localhost in production, metadata names, .localhost names and user:pass@ URLs', () => {
    expect(() => parseTarget('https://localhost/in', prod)).toThrow(/local or cloud metadata host/);
    expect(() => parseTarget('https://127.0.0.1/in', prod)).toThrow('must not point at a loopback address');
    for (const url of [
      'https://metadata.google.internal/computeMetadata/v1/',
      'https://METADATA.GOOGLE.INTERNAL./x',
      'https://admin.localhost/x',
      'https://metadata.goog/x',
    ]) {
      expect(() => parseTarget(url, dev), url).toThrow(/local or cloud metadata host/);
    }
    for (const url of [
      'https://user:pass@hooks.example.com/in',
      'https://user@hooks.example.com/in',
      'http://a:b@localhost/in',
    ]) {
      expect(() => parseTarget(url, dev), url).toThrow('must not carry a user name or password');
    }
  });

  it('refuses literal addresses of every private kind, in any spelling the URL parser accepts', () => {
    for (const url of [
      'https://10.0.0.5/x',
      'https://0x7f.1/x',
      'https://2130706433/x',
      'https://[::ffff:127.0.0.1]/x',
      'https://169.254.169.254/latest/meta-data/',
      'https://[fd00:ec2::254]/x',
      'https://100.64.1.1/x',
      'https://[fc00::5]/x',
      'https://0.0.0.0/x',
    ]) {
      expect(() => parseTarget(url, prod), url).toThrow(/must not point at/);
    }
    // Outside production the local receivers stay allowed whatever the spelling (the parser makes them 127.0.0.1).
    expect(parseTarget('http://0x7f.1:9/x', dev)).toMatchObject({ host: '127.0.0.1', localReceiver: true });
    expect(() => parseTarget('https://[::ffff:127.0.0.1]/x', dev)).toThrow('must not point at a loopback address');
    expect(() => parseTarget('https://10.0.0.5/x', dev)).toThrow('must not point at a private (RFC 1918) address');
    expect(parseTarget(`https://${PUBLIC_V4}/x`, prod)).toMatchObject({ literal: true });
  });
});

describe('checkOutboundUrl', () => {
  const policy = (table: Record<string, string[]>, production = false): OutboundPolicy => ({
    production,
    resolve: tableResolver(table),
  });

  it('resolves the host and refuses it when any address is not public', async () => {
    const table = {
      'hooks.example.com': [PUBLIC_V4, PUBLIC_V6],
      'internal.example.com': ['10.20.30.40'],
      'mixed.example.com': [PUBLIC_V4, '127.0.0.1'],
      'v6.example.com': ['fd00::1'],
      'cgnat.example.com': ['100.64.3.4'],
      'meta.example.com': ['169.254.169.254'],
    };
    expect(await checkOutboundUrl('https://hooks.example.com/in', policy(table, true))).toBeNull();
    expect(await checkOutboundUrl('https://internal.example.com/in', policy(table))).toBe(
      'internal.example.com resolves to a private (RFC 1918) address; webhook targets must be public',
    );
    expect(await checkOutboundUrl('https://mixed.example.com/in', policy(table))).toMatch(
      /resolves to a loopback address/,
    );
    expect(await checkOutboundUrl('https://v6.example.com/in', policy(table))).toMatch(/unique local/);
    expect(await checkOutboundUrl('https://cgnat.example.com/in', policy(table))).toMatch(/carrier-grade NAT/);
    expect(await checkOutboundUrl('https://meta.example.com/in', policy(table))).toMatch(/cloud metadata/);
  });

  it('accepts a name that does not resolve yet (each delivery checks it again), and never resolves the local receivers', async () => {
    expect(await checkOutboundUrl('https://nowhere.example.com/in', policy({}))).toBeNull();
    const never: Resolver = async () => {
      throw new Error('must not resolve');
    };
    expect(await checkOutboundUrl('http://localhost:3000/in', { production: false, resolve: never })).toBeNull();
    expect(await checkOutboundUrl('http://localhost:3000/in', { production: true, resolve: never })).toBe(
      'must use https',
    );
  });
});
