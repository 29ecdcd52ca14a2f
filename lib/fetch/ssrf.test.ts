// Pure classifier tests: address LITERALS only, no traffic is sent from this file.
import { describe, expect, it } from 'vitest';
import { classifyAddress, isAllowed, refusalReason } from './ssrf.ts';

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
