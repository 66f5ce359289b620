/**
 * IPv4 CIDR arithmetic on plain numbers. Small enough to own and test table-driven; a library
 * would add a dependency for four functions.
 */

export interface Cidr {
  /** First address as an unsigned 32-bit number. */
  readonly start: number;
  readonly prefix: number;
  /** Number of addresses. */
  readonly size: number;
}

export function parseCidr(text: string): Cidr | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const start = ((octets[0] << 24) >>> 0) + (octets[1] << 16) + (octets[2] << 8) + octets[3];
  return { start, prefix, size: 2 ** (32 - prefix) };
}

export function formatAddress(n: number): string {
  return [24, 16, 8, 0].map((shift) => (n >>> shift) & 255).join('.');
}

export function formatCidr(c: Pick<Cidr, 'start' | 'prefix'>): string {
  return `${formatAddress(c.start)}/${c.prefix}`;
}

/** The network address of a CIDR whose host bits are set, e.g. 10.20.1.0/16 → 10.20.0.0/16; undefined when aligned. */
export function alignedForm(c: Cidr): string | undefined {
  const aligned = c.start - (c.start % c.size);
  return aligned === c.start ? undefined : formatCidr({ start: aligned, prefix: c.prefix });
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.start < b.start + b.size && b.start < a.start + a.size;
}
