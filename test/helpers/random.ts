/** A small deterministic generator (mulberry32) for randomised tests, so a failure is reproducible from its seed. */
export function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d_2b_79_f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** One of the items, at random. */
export const pick = <T>(next: () => number, items: readonly T[]): T => items[Math.floor(next() * items.length)];
