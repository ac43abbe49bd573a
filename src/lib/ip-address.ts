import { isIPv4, isIPv6 } from 'node:net';

/**
 * The network a client address stands for, for counting per client: an IPv4 address as it
 * is; an IPv6 address as its /64, since one subscriber is usually given a whole /64 (RFC
 * 6177 §2) and can pick any address in it; an IPv4-mapped IPv6 address (RFC 4291 §2.5.5.2)
 * as the IPv4 address it maps. A port a proxy may have written with the address
 * (`192.0.2.1:5555`, `[2001:db8::1]:443`) is dropped, so that each source port is not a
 * client of its own. Anything else is returned unchanged.
 */
export function networkOf(written: string): string {
  const address = withoutPort(written);
  if (isIPv4(address)) return address;
  const groups = ipv6Groups(address);
  if (groups === undefined) return address;
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, g = 0, h = 0] = groups;
  if (a === 0 && b === 0 && c === 0 && d === 0 && e === 0 && f === 0xffff) {
    return [g >> 8, g & 0xff, h >> 8, h & 0xff].join('.');
  }
  return `${[a, b, c, d].map((group) => group.toString(16)).join(':')}::/64`;
}

function withoutPort(address: string): string {
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(address);
  if (v4?.[1] !== undefined) return v4[1];
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(address);
  return bracketed?.[1] ?? address;
}

/** The eight 16-bit groups of an IPv6 address (RFC 4291 §2.2), or undefined. */
function ipv6Groups(address: string): number[] | undefined {
  const bare = address.replace(/%.*$/, '');
  if (!isIPv6(bare)) return undefined;
  // A trailing dotted IPv4 part stands for the last two groups.
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(bare);
  const text = dotted
    ? bare.slice(0, dotted.index) +
      [(Number(dotted[1]) << 8) | Number(dotted[2]), (Number(dotted[3]) << 8) | Number(dotted[4])]
        .map((n) => n.toString(16))
        .join(':')
    : bare;
  const [head = '', tail] = text.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const front = parse(head);
  const back = tail === undefined ? [] : parse(tail);
  const zeros = Array.from({ length: 8 - front.length - back.length }, () => 0);
  return [...front, ...zeros, ...back];
}
