import { closest, distance } from 'fastest-levenshtein';

/** The candidate a misspelt word most likely meant, when one is close enough to suggest (case-insensitive). */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  if (!candidates.length) return undefined;
  const lower = word.toLowerCase();
  const exact = candidates.find((c) => c.toLowerCase() === lower);
  if (exact) return exact;
  // An abbreviation ('warn' for 'warning') is a typo of its only completion.
  const completions = lower.length >= 3 ? candidates.filter((c) => c.toLowerCase().startsWith(lower)) : [];
  if (completions.length === 1) return completions[0];
  const best = closest(
    lower,
    candidates.map((c) => c.toLowerCase()),
  );
  const limit = Math.max(2, Math.floor(word.length / 3));
  return distance(lower, best) <= limit ? candidates.find((c) => c.toLowerCase() === best) : undefined;
}

/** " Did you mean 'x'?" or nothing. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const hit = nearest(word, candidates);
  return hit ? ` Did you mean '${hit}'?` : '';
}
