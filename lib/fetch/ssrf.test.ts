// Pure classifier tests: address LITERALS only, no traffic is sent from this file.
import { describe, expect, it } from 'vitest';
import { classifyAddress, guardedLookup, isAllowed, refusalReason, RefusedAddressError } from './ssrf.ts';

describe('classifyAddress', () => {
  const cases: Array<[string, ReturnType<typeof classifyAddress>]> = [
    ['127.0.0.1', 'loopback'],
    ['127.255.1.2', 'loopback'],
    ['::1', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.1.1', 'private'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.254', 'cgnat'],
    ['100.128.0.1', 'public'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['0:0:0:0:0:ffff:c0a8:0101', 'private'],
    ['::127.0.0.1', 'loopback'],
    ['64:ff9b::7f00:1', 'loopback'],
    ['2002:7f00:1::', 'loopback'],
    ['[::1]', 'loopback'],
    ['8.8.8.8', 'public'],
    ['93.184.216.34', 'public'],
    ['2606:4700::1111', 'public'],
    ['::ffff:8.8.8.8', 'public'],
    ['not-an-ip', 'reserved'],
    ['999.1.1.1', 'reserved'],
    // IPv4 forms a browser or a lax parser would read as 127.0.0.1 are not literals here
    ['127.1', 'reserved'],
    ['0x7f.0.0.1', 'reserved'],
    ['0177.0.0.1', 'reserved'],
    ['0.1.2.3', 'unspecified'],
    ['192.0.2.1', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['192.88.99.1', 'reserved'],
    ['240.0.0.1', 'reserved'],
    // IPv4-translated (RFC 6145) and IPv4-compatible (deprecated) carry an IPv4 address
    ['::ffff:0:7f00:1', 'loopback'],
    ['::ffff:0:a00:1', 'private'],
    ['::10.0.0.1', 'private'],
    ['::8.8.8.8', 'reserved'],
    // NAT64, well-known prefix: judged by the IPv4 address in the last 32 bits
    ['64:ff9b::a00:1', 'private'],
    ['64:ff9b::169.254.169.254', 'link-local'],
    ['64:ff9b::100.64.0.1', 'cgnat'],
    ['64:ff9b::8.8.8.8', 'public'],
    // NAT64, local-use prefix (RFC 8215): never public; the embedded class when it shows
    ['64:ff9b:1::7f00:1', 'loopback'],
    ['64:ff9b:1::c0a8:101', 'private'],
    ['64:ff9b:1::808:808', 'reserved'],
    ['64:ff9b:1:7f00:0:100::', 'unspecified'],
    // 6to4: the IPv4 address is in bits 16-47
    ['2002:c0a8:101::1', 'private'],
    ['2002:a9fe:a9fe::', 'link-local'],
    ['2002:a00:1:1::1', 'private'],
    ['2002:808:808::1', 'public'],
    // Teredo: server IPv4 in bits 32-63, client IPv4 XOR ffffffff in the last 32 bits; both must be public
    ['2001:0:4136:e378:8000:63bf:80ff:fffe', 'loopback'],
    ['2001:0:4136:e378:8000:63bf:3f57:fefe', 'private'],
    ['2001:0:a00:1:8000:63bf:f7f7:f7f7', 'private'],
    ['2001:0:4136:e378:8000:63bf:f7f7:f7f7', 'public'],
    // other special-purpose IPv6 ranges
    ['fec0::1', 'private'],
    ['100::1', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['2001:2::1', 'reserved'],
    ['2001:10::1', 'reserved'],
    ['3fff::1', 'reserved'],
    ['5f00::1', 'reserved'],
    ['4000::1', 'reserved'],
    ['::2', 'unspecified'],
    ['::1:0:0:1', 'reserved'],
    ['ff05::1:3', 'multicast'],
    ['::ffff:192.168.1.1%eth0', 'private'],
    ['[64:ff9b::7f00:1]', 'loopback'],
    ['2a00:1450:4001:80b::200e', 'public'],
  ];
  for (const [ip, cls] of cases) it(`${ip} is ${cls}`, () => expect(classifyAddress(ip)).toBe(cls));
});

describe('allow list', () => {
  it('host:port allows that port only, host allows any port', () => {
    expect(isAllowed(['127.0.0.1:8080'], '127.0.0.1', 8080)).toBe(true);
    expect(isAllowed(['127.0.0.1:8080'], '127.0.0.1', 8081)).toBe(false);
    expect(isAllowed(['localhost'], 'LOCALHOST', 1234)).toBe(true);
    expect(isAllowed(['[::1]:99'], '::1', 99)).toBe(true);
    expect(isAllowed(['[::1]:99'], '[::1]', 98)).toBe(false);
    expect(isAllowed([], '127.0.0.1', 80)).toBe(false);
  });

  it('refusalReason names the host, the address and the class; public or allowed gives null', () => {
    expect(refusalReason('127.0.0.1', 'feeds.internal', 80, [])).toBe(
      'refused address feeds.internal (127.0.0.1):80: loopback addresses are not fetched unless listed in RAQIB_FETCH_ALLOW',
    );
    expect(refusalReason('8.8.8.8', 'dns.example', 443, [])).toBeNull();
    expect(refusalReason('127.0.0.1', 'feeds.internal', 80, ['feeds.internal:80'])).toBeNull();
    expect(refusalReason('127.0.0.1', 'feeds.internal', 80, ['127.0.0.1'])).toBeNull();
  });
});

describe('guardedLookup (at dial time)', () => {
  // "localhost" resolves from /etc/hosts: no packet leaves, and the guard refuses before any socket opens
  const resolve = (allow: string[]) =>
    new Promise<{ err: Error | null; address: unknown }>((done) =>
      guardedLookup(8080, allow)('localhost', { all: true }, (err, address) => done({ err, address })),
    );

  it('refuses a name that resolves to loopback, naming the name, the address and the class', async () => {
    const { err } = await resolve([]);
    expect(err).toBeInstanceOf(RefusedAddressError);
    expect(err!.message).toMatch(/^refused address localhost \((127\.0\.0\.1|::1)\):8080: loopback addresses/);
  });

  it('lets it through when RAQIB_FETCH_ALLOW names the host and port', async () => {
    const { err, address } = await resolve(['localhost:8080']);
    expect(err).toBeNull();
    expect(address).toEqual(expect.arrayContaining([expect.objectContaining({ address: expect.stringMatching(/^(127\.0\.0\.1|::1)$/) })]));
  });
});
