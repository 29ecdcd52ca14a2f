import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * The SSRF guard: which addresses a feed URL or a delivery receiver may reach. Feeds are configured by ops
 * and by `raqib feeds add`, receivers by any user, so a URL (or a redirect, or a DNS answer) must never turn
 * the fetcher into a probe of our own network. The check runs on the resolved address at dial time (see
 * `guardedLookup`) and on every redirect hop, not on the name.
 *
 * Ranges come from ipaddr.js's named special ranges (IANA registries), not from hand-written masks. IPv6
 * forms that carry an IPv4 address (mapped, translated, NAT64, 6to4, Teredo, IPv4-compatible) are judged by
 * the IPv4 address inside, because that is where the packets end up.
 */

export type AddressClass =
  | 'public'
  | 'unspecified' // 0.0.0.0/8, ::
  | 'loopback' // 127/8, ::1
  | 'private' // 10/8, 172.16/12, 192.168/16, fc00::/7, fec0::/10
  | 'link-local' // 169.254/16, fe80::/10
  | 'cgnat' // 100.64/10
  | 'multicast' // 224/4, ff00::/8
  | 'reserved'; // broadcast, documentation, benchmarking, 240/4, other special-purpose ranges, bad literals

const V4_CLASS: Record<string, AddressClass> = {
  unicast: 'public',
  unspecified: 'unspecified',
  loopback: 'loopback',
  private: 'private',
  linkLocal: 'link-local',
  carrierGradeNat: 'cgnat',
  multicast: 'multicast',
  // broadcast, reserved, as112, amt and any range a later ipaddr.js names: refused
};

const V6_CLASS: Record<string, AddressClass> = {
  unspecified: 'unspecified',
  loopback: 'loopback',
  uniqueLocal: 'private',
  deprecatedSiteLocal: 'private',
  linkLocal: 'link-local',
  multicast: 'multicast',
};

function classifyV4(a: ipaddr.IPv4): AddressClass {
  return V4_CLASS[a.range()] ?? 'reserved';
}

/** The IPv4 address in 32 bits of a 16-byte IPv6 address starting at `bit` (a multiple of 8). */
function v4At(bytes: number[], bit: number, xor = 0): ipaddr.IPv4 {
  const at = bit / 8;
  return new ipaddr.IPv4(bytes.slice(at, at + 4).map((b) => b ^ xor));
}

/** The first of several embedded IPv4 classes that is not public, or 'public'. */
const worst = (...classes: AddressClass[]): AddressClass => classes.find((c) => c !== 'public') ?? 'public';

function classifyV6(a: ipaddr.IPv6): AddressClass {
  const bytes = a.toByteArray();
  const range = a.range();
  switch (range) {
    case 'ipv4Mapped': // ::ffff:a.b.c.d
    case 'rfc6145': // ::ffff:0:a.b.c.d
      return classifyV4(v4At(bytes, 96));
    case 'rfc6052': {
      const embedded = classifyV4(v4At(bytes, 96));
      // 64:ff9b::/96 is the well-known NAT64 prefix: the IPv4 address is the last 32 bits. 64:ff9b:1::/48 is
      // for local use, where the operator picks the prefix length and so where the IPv4 address sits: it is
      // never a public destination, and is refused with the /96 reading's class when that one is not public.
      const wellKnown = a.match(ipaddr.IPv6.parse('64:ff9b::'), 96);
      return wellKnown ? embedded : worst(embedded, 'reserved');
    }
    case '6to4': // 2002:AABB:CCDD::/48 carries a.b.c.d in bits 16-47
      return classifyV4(v4At(bytes, 16));
    case 'teredo': // 2001:0:<server v4>:<flags>:<port>:<client v4 XOR ffffffff>
      return worst(classifyV4(v4At(bytes, 96, 0xff)), classifyV4(v4At(bytes, 32)));
    case 'unicast': {
      // IPv4-compatible ::a.b.c.d (deprecated): judge the IPv4 inside, and never fetch it as public
      if (bytes.slice(0, 12).every((b) => b === 0)) return worst(classifyV4(v4At(bytes, 96)), 'reserved');
      // only 2000::/3 is global unicast; the rest of the space is unassigned
      return (bytes[0] & 0xe0) === 0x20 ? 'public' : 'reserved';
    }
    default:
      return V6_CLASS[range] ?? 'reserved';
  }
}

/** What kind of address an IP literal is. Anything that does not parse strictly is `reserved` (refused). */
export function classifyAddress(ip: string): AddressClass {
  const bare = (ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip).split('%')[0];
  // node's isIP accepts only the canonical dotted quad for IPv4 (no "127.1" or "0x7f.1"), which ipaddr.js would
  const family = isIP(bare);
  if (family === 4) return classifyV4(ipaddr.IPv4.parse(bare));
  if (family === 6) return classifyV6(ipaddr.IPv6.parse(dottedTailToHex(bare)));
  return 'reserved';
}

/**
 * "::a.b.c.d" with the dotted tail as two hex groups: ipaddr.js reads any dotted tail as IPv4-mapped
 * (::ffff:a.b.c.d), which would make the IPv4-compatible ::8.8.8.8 look public.
 */
function dottedTailToHex(ip: string): string {
  const m = /^(.*:)(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(ip);
  if (!m) return ip;
  const [a, b, c, d] = m.slice(2).map(Number);
  return `${m[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
}

/** Parses RAQIB_FETCH_ALLOW entries: `host`, `host:port`, `[v6]`, `[v6]:port`. */
function parseAllowEntry(entry: string): { host: string; port: number | null } {
  const e = entry.trim().toLowerCase();
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(e);
  if (v6) return { host: v6[1], port: v6[2] ? Number(v6[2]) : null };
  const colon = e.lastIndexOf(':');
  if (colon > 0 && /^\d+$/.test(e.slice(colon + 1)) && !e.slice(0, colon).includes(':'))
    return { host: e.slice(0, colon), port: Number(e.slice(colon + 1)) };
  return { host: e, port: null };
}

/** True when an allow entry names this host (URL host name or resolved IP) and port. */
export function isAllowed(allow: readonly string[], host: string, port: number): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return allow.some((entry) => {
    const a = parseAllowEntry(entry);
    return a.host === h && (a.port === null || a.port === port);
  });
}

/** Why an address is refused, or null when it may be dialled. */
export function refusalReason(ip: string, hostName: string, port: number, allow: readonly string[]): string | null {
  const cls = classifyAddress(ip);
  if (cls === 'public') return null;
  if (isAllowed(allow, hostName, port) || isAllowed(allow, ip, port)) return null;
  const shown = hostName === ip ? ip : `${hostName} (${ip})`;
  return `refused address ${shown}:${port}: ${cls} addresses are not fetched unless listed in RAQIB_FETCH_ALLOW`;
}

/** Raised inside the lookup; http.ts maps it to FetchError('refused_address'). */
export class RefusedAddressError extends Error {
  override name = 'RefusedAddressError';
  readonly code = 'ERR_RAQIB_REFUSED_ADDRESS';
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
export type LookupFunction = (hostname: string, options: { all?: boolean; family?: number | string }, callback: LookupCallback) => void;

/**
 * A `lookup` for node's http/https/net that resolves the name and refuses any non-public answer before
 * the socket connects: checking the IP after DNS, at dial time, means a rebinding host that answered
 * "public" to an earlier check cannot slip through. Every answer must pass, not just the first one.
 */
export function guardedLookup(port: number, allow: readonly string[]): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { all: true, family: typeof options.family === 'number' ? options.family : 0 }, (err, addresses) => {
      if (err) return callback(err, []);
      if (addresses.length === 0) {
        const e: NodeJS.ErrnoException = new Error(`${hostname} has no address`);
        e.code = 'ENOTFOUND';
        return callback(e, []);
      }
      for (const a of addresses) {
        const reason = refusalReason(a.address, hostname, port, allow);
        if (reason) return callback(new RefusedAddressError(reason), []);
      }
      if (options.all) callback(null, addresses);
      else callback(null, addresses[0].address, addresses[0].family);
    });
  };
}
