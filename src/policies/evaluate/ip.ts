/**
 * IP addresses and ranges as the IpAddress and NotIpAddress operators read them: IPv4
 * (`203.0.113.7`, `203.0.113.0/24`) and IPv6 in any RFC 4291 spelling (`2001:db8::1`,
 * `2001:DB8:0:0::/32`, `::ffff:192.0.2.1`). An address without a prefix is a range of one. An
 * IPv4 address never falls in an IPv6 range, nor the other way round.
 */

export interface IpRange {
  readonly version: 4 | 6;
  /** The first address of the range (host bits cleared). */
  readonly start: bigint;
  readonly prefix: number;
}

function ipv4(text: string): bigint | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  let n = 0n;
  for (const part of m.slice(1)) {
    if (part.length > 1 && part.startsWith('0')) return undefined;
    const v = Number(part);
    if (v > 255) return undefined;
    n = (n << 8n) | BigInt(v);
  }
  return n;
}

function ipv6(text: string): bigint | undefined {
  if (!/^[0-9A-Fa-f:.]+$/.test(text)) return undefined;
  let head = text;
  let tail4: bigint | undefined;
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.', lastColon)) {
    tail4 = ipv4(text.slice(lastColon + 1));
    if (tail4 === undefined) return undefined;
    head = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const left = groups(halves[0]);
  const right = halves.length === 2 ? groups(halves[1]) : [];
  const missing = 8 - left.length - right.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...right];
  let n = 0n;
  for (const g of all) {
    if (!/^[0-9A-Fa-f]{1,4}$/.test(g)) return undefined;
    n = (n << 16n) | BigInt(parseInt(g, 16));
  }
  if (tail4 !== undefined) n = (n & ~0xffffffffn) | tail4;
  return n;
}

/** Parses an address or CIDR range; undefined when it is neither. */
export function parseIpRange(text: string): IpRange | undefined {
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const prefixText = slash < 0 ? undefined : text.slice(slash + 1);
  const v4 = ipv4(address);
  const version: 4 | 6 | undefined = v4 !== undefined ? 4 : ipv6(address) !== undefined ? 6 : undefined;
  if (version === undefined) return undefined;
  const bits = version === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (prefix > bits) return undefined;
  const value = v4 ?? ipv6(address)!;
  const hostBits = BigInt(bits - prefix);
  return { version, start: (value >> hostBits) << hostBits, prefix };
}

/** Whether an address (or a range given as the request value) lies within a range. */
export function ipInRange(addressText: string, rangeText: string): boolean {
  const range = parseIpRange(rangeText);
  const address = parseIpRange(addressText);
  if (!range || !address || range.version !== address.version || address.prefix < range.prefix) return false;
  const bits = range.version === 4 ? 32 : 128;
  const hostBits = BigInt(bits - range.prefix);
  return address.start >> hostBits === range.start >> hostBits;
}
