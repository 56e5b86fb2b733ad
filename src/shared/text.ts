/** At most `max` characters, counting code points, so an emoji is never cut in half (which would change every run). */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : chars.slice(0, max).join('');
}
