/**
 * The scanning loop shared by the formula and Apex lexers: `skip` says where whitespace or a comment starting at i
 * ends (undefined when none starts there), `read` reads the token at i. Each language brings its own two.
 */
export function scanTokens<T extends { end: number }>(
  text: string,
  skip: (text: string, i: number) => number | undefined,
  read: (text: string, i: number) => T,
): T[] {
  const tokens: T[] = [];
  let i = 0;
  while (i < text.length) {
    const skipTo = skip(text, i);
    if (skipTo === undefined) {
      const token = read(text, i);
      tokens.push(token);
      // A reader that could not advance would loop forever: move on by one character instead.
      i = Math.max(token.end, i + 1);
    } else {
      i = skipTo;
    }
  }
  return tokens;
}
