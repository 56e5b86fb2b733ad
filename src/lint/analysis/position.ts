/**
 * Offsets to 1-based line and column. Lines break at `\n`, `\r\n` and a lone `\r` (as editors do), so metadata
 * retrieved on Windows (CRLF) reports the same lines as on Linux. Columns count UTF-16 code units, like JS offsets.
 */

export type LineColumn = { line: number; column: number };

/** Where the line after a line break starting at `i` begins, or undefined when text[i] is no line break. */
function nextLineStart(text: string, i: number): number | undefined {
  const ch = text[i];
  if (ch === '\n') return i + 1;
  if (ch === '\r') return text[i + 1] === '\n' ? i + 2 : i + 1;
  return undefined;
}

/** Out-of-range offsets are clamped rather than thrown on: a finding's location should never crash the report. */
function clamp(text: string, offset: number): number {
  if (!Number.isFinite(offset)) return 0;
  return Math.max(0, Math.min(Math.trunc(offset), text.length));
}

/** Start offsets of all lines; the first is always 0. */
function lineStarts(text: string): number[] {
  const starts = [0];
  if (!text.includes('\r')) {
    // The common case, and the one large profiles are in: one indexOf per line.
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
  }
  let i = 0;
  while (i < text.length) {
    const next = nextLineStart(text, i);
    if (next === undefined) {
      i++;
    } else {
      starts.push(next);
      i = next;
    }
  }
  return starts;
}

/** The 1-based line and column of `offset` in `text`. O(offset); use {@link lineIndex} for many lookups. */
export function lineColumn(text: string, offset: number): LineColumn {
  const target = clamp(text, offset);
  let line = 1;
  let start = 0;
  let i = 0;
  while (i < target) {
    const next = nextLineStart(text, i);
    if (next === undefined || next > target) {
      // A `\r\n` straddling the target still ends the current line after the target.
      i++;
    } else {
      line++;
      start = next;
      i = next;
    }
  }
  return { line, column: target - start + 1 };
}

/** A lookup from offset to 1-based line and column: O(n) once, then O(log lines) per offset. */
export function lineIndex(text: string): (offset: number) => LineColumn {
  const starts = lineStarts(text);
  return (offset: number): LineColumn => {
    const target = clamp(text, offset);
    // Binary search for the last line start <= target.
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= target) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: target - starts[lo] + 1 };
  };
}
