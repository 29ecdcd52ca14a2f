import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';

/**
 * The SSRF guard: which addresses a feed URL may reach. Feeds are configured by ops and by `raqib feeds
 * add`, so a URL (or a redirect, or a DNS answer) must never turn the fetcher into a probe of our own
 * network. The check runs on the resolved address at dial time (see `guardedLookup`), not on the name.
 */

export type AddressClass =
  | 'public'
  | 'unspecified' // 0.0.0.0/8, ::
  | 'loopback' // 127/8, ::1
  | 'private' // 10/8, 172.16/12, 192.168/16, fc00::/7, fec0::/10
  | 'link-local' // 169.254/16, fe80::/10
  | 'cgnat' // 100.64/10
  | 'multicast' // 224/4, ff00::/8
  | 'reserved'; // 240/4 and broadcast, 192.0.0/24, 198.18/15, documentation ranges, bad literals

function ipv4ToInt(ip: string): number | null {
  const parts = ip.split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return null;
    const v = Number(p);
    if (v > 255) return null;
    n = n * 256 + v;
  }
  return n;
}

const inV4 = (n: number, base: string, bits: number): boolean => {
  const b = ipv4ToInt(base)!;
  const size = 2 ** (32 - bits);
  return n >= b && n < b + size;
};

function classifyV4(n: number): AddressClass {
  if (inV4(n, '0.0.0.0', 8)) return 'unspecified';
  if (inV4(n, '127.0.0.0', 8)) return 'loopback';
  if (inV4(n, '10.0.0.0', 8) || inV4(n, '172.16.0.0', 12) || inV4(n, '192.168.0.0', 16)) return 'private';
  if (inV4(n, '169.254.0.0', 16)) return 'link-local';
  if (inV4(n, '100.64.0.0', 10)) return 'cgnat';
  if (inV4(n, '224.0.0.0', 4)) return 'multicast';
  if (
    inV4(n, '240.0.0.0', 4) || // includes 255.255.255.255
    inV4(n, '192.0.0.0', 24) ||
    inV4(n, '192.0.2.0', 24) ||
    inV4(n, '198.18.0.0', 15) ||
    inV4(n, '198.51.100.0', 24) ||
    inV4(n, '203.0.113.0', 24)
  )
    return 'reserved';
  return 'public';
}

/** Eight 16-bit groups of an IPv6 literal (with an optional trailing dotted IPv4), or null. */
function ipv6Groups(ip: string): number[] | null {
  let s = ip.toLowerCase();
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  const lastColon = s.lastIndexOf(':');
  if (s.slice(lastColon + 1).includes('.')) {
    // a trailing dotted IPv4 (::ffff:127.0.0.1) becomes two hex groups
    const v4 = ipv4ToInt(s.slice(lastColon + 1));
    if (v4 === null) return null;
    s = `${s.slice(0, lastColon + 1)}${Math.floor(v4 / 65536).toString(16)}:${(v4 % 65536).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const parse = (h: string): number[] | null => {
    if (h === '') return [];
    const out: number[] = [];
    for (const g of h.split(':')) {
      if (g === '') continue;
      if (!/^[0-9a-f]{1,4}$/.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = parse(halves[0]);
  const rest = halves.length === 2 ? parse(halves[1]) : [];
  if (!head || !rest) return null;
  const known = head.length + rest.length;
  if (halves.length === 1 && known !== 8) return null;
  if (known > 8) return null;
  const zeros = new Array<number>(8 - known).fill(0);
  return halves.length === 2 ? [...head, ...zeros, ...rest] : head;
}

function classifyV6(g: number[]): AddressClass {
  const v4At = (hi: number, lo: number) => g[hi] * 65536 + g[lo];
  const zeroUpTo = (k: number) => g.slice(0, k).every((x) => x === 0);
  if (g.every((x) => x === 0)) return 'unspecified';
  if (zeroUpTo(7) && g[7] === 1) return 'loopback';
  // IPv4-mapped ::ffff:a.b.c.d and IPv4-compatible ::a.b.c.d: judge the IPv4 inside
  if (zeroUpTo(5) && g[5] === 0xffff) return classifyV4(v4At(6, 7));
  if (zeroUpTo(6)) return classifyV4(v4At(6, 7));
  // NAT64 64:ff9b::/96 and 6to4 2002::/16 carry an IPv4 address too
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return classifyV4(v4At(6, 7));
  if (g[0] === 0x2002) return classifyV4(v4At(1, 2));
  if ((g[0] & 0xfe00) === 0xfc00) return 'private';
  if ((g[0] & 0xffc0) === 0xfec0) return 'private';
  if ((g[0] & 0xffc0) === 0xfe80) return 'link-local';
  if ((g[0] & 0xff00) === 0xff00) return 'multicast';
  if (g[0] === 0x2001 && g[1] === 0x0db8) return 'reserved';
  return 'public';
}

/** What kind of address an IP literal is. Anything that does not parse is `reserved` (refused). */
export function classifyAddress(ip: string): AddressClass {
  const bare = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
  const family = isIP(bare.split('%')[0]);
  if (family === 4) return classifyV4(ipv4ToInt(bare)!);
  if (family === 6) {
    const g = ipv6Groups(bare);
    return g ? classifyV6(g) : 'reserved';
  }
  return 'reserved';
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
