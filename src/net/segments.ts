/**
 * Which network segments reach which. A segment always reaches itself; `reaches` in config works
 * both ways (a route back is needed for any reply), and reaches nothing further: prod reaching
 * shared and nonprod reaching shared does not let prod reach nonprod.
 */

export type SegmentsConfig = Readonly<Record<string, { readonly reaches?: readonly string[] }>>;

/** For every segment, the segments it reaches (itself included), sorted by name. */
export function segmentReach(segments: SegmentsConfig): Map<string, string[]> {
  const names = Object.keys(segments).sort();
  const reach = new Map(names.map((n) => [n, new Set([n])]));
  for (const name of names) {
    for (const other of segments[name].reaches ?? []) {
      if (!reach.has(other)) continue; // unknown names are config errors, reported by segmentsExist
      reach.get(name)!.add(other);
      reach.get(other)!.add(name);
    }
  }
  return new Map(names.map((n) => [n, [...reach.get(n)!].sort()]));
}
