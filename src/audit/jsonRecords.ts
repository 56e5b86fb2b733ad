import { createReadStream } from 'node:fs';
import type { QueryRow } from './records.js';

/**
 * The rows of a large `sf data query --json` file, read as a stream: each element of the `records` list is parsed on
 * its own and handed on, so a Login History export of millions of rows never sits in memory as one document. Also
 * returns the scalars around the list that say whether the query failed (`status`, `name`, `message`) or was cut at
 * sf's row limit (`totalSize`).
 */
export type StreamedExport = {
  rows: number;
  scalars: Record<string, string | number | boolean | null>;
  /** Set when the text is not JSON: the offset of the first character that cannot be read. */
  invalidAt?: number;
};

const SCALAR_KEYS = new Set(['status', 'name', 'message', 'totalSize', 'done']);

const QUOTE = 34;
const BACKSLASH = 92;
const COLON = 58;
const COMMA = 44;
const OPEN_OBJECT = 123;
const OPEN_ARRAY = 91;
const CLOSE_OBJECT = 125;
const CLOSE_ARRAY = 93;

type Frame = { key?: string; array: boolean };

function scalarValue(text: string): string | number | boolean | null {
  const t = text.trim();
  if (t === 'true' || t === 'false') return t === 'true';
  if (t === 'null') return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
}

/** A JSON tokenizer that knows only containers, strings and keys: enough to cut the records out, chunk by chunk. */
class RecordScanner {
  public rows = 0;
  public readonly scalars: StreamedExport['scalars'] = {};
  public invalidAt?: number;
  private readonly stack: Frame[] = [];
  private inString = false;
  private escaped = false;
  /** The last string outside a record (a key, or a scalar value), including a part a chunk boundary cut off. */
  private lastString = '';
  private carried = '';
  private stringStart = -1;
  private key?: string;
  private record?: string[];
  private recordFrom = 0;
  private recordDepth = -1;
  private scalarKey?: string;
  private scalarText = '';
  private offset = 0;

  public constructor(private readonly onRow: (row: QueryRow) => void) {}

  public get unfinished(): boolean {
    return this.stack.length > 0 || this.inString;
  }

  public feed(text: string): void {
    this.recordFrom = 0;
    if (this.inString && !this.record) this.stringStart = 0;
    for (let i = 0; i < text.length && this.invalidAt === undefined; i++) {
      const c = text.charCodeAt(i);
      if (this.inString) this.inStringChar(c, text, i);
      else if (c === QUOTE) {
        this.inString = true;
        this.stringStart = i + 1;
      } else if (c === COLON && !this.record) this.onKey();
      else if (c === OPEN_OBJECT || c === OPEN_ARRAY) this.open(c, i);
      else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) this.close(text, i);
      else if (this.scalarKey && !this.record) this.scalarChar(c, text[i]);
    }
    if (this.record) this.record.push(text.slice(this.recordFrom));
    else if (this.inString) this.carried += text.slice(this.stringStart);
    this.offset += text.length;
  }

  public finish(): StreamedExport {
    if (this.scalarKey) this.scalars[this.scalarKey] = scalarValue(this.scalarText);
    if (this.unfinished) this.invalidAt ??= this.offset;
    return {
      rows: this.rows,
      scalars: this.scalars,
      ...(this.invalidAt !== undefined ? { invalidAt: this.invalidAt } : {}),
    };
  }

  private inStringChar(c: number, text: string, i: number): void {
    if (this.escaped) this.escaped = false;
    else if (c === BACKSLASH) this.escaped = true;
    else if (c === QUOTE) {
      this.inString = false;
      if (this.record) return;
      this.lastString = this.carried + text.slice(this.stringStart, i);
      this.carried = '';
      if (this.scalarKey) {
        this.scalars[this.scalarKey] = this.lastString;
        this.scalarKey = undefined;
      }
    }
  }

  private onKey(): void {
    this.key = this.lastString;
    if (SCALAR_KEYS.has(this.key) && this.stack.length <= 2) {
      this.scalarKey = this.key;
      this.scalarText = '';
    }
  }

  private open(c: number, i: number): void {
    const top = this.stack[this.stack.length - 1];
    if (c === OPEN_OBJECT && !this.record && top?.array && top.key === 'records') {
      this.record = [];
      this.recordFrom = i;
      this.recordDepth = this.stack.length;
    }
    this.stack.push({ array: c === OPEN_ARRAY, key: this.record ? undefined : this.key });
    this.key = undefined;
    this.scalarKey = undefined;
  }

  private close(text: string, i: number): void {
    if (!this.stack.pop()) {
      this.invalidAt = this.offset + i;
      return;
    }
    if (this.record && this.stack.length === this.recordDepth) {
      this.record.push(text.slice(this.recordFrom, i + 1));
      let row: QueryRow;
      try {
        row = JSON.parse(this.record.join('')) as QueryRow;
      } catch {
        // Balanced brackets around something that is not JSON (a bare word, a trailing comma).
        this.invalidAt = this.offset + i;
        return;
      }
      this.record = undefined;
      this.rows++;
      this.onRow(row);
    }
  }

  private scalarChar(c: number, char: string): void {
    if (c !== COMMA) {
      this.scalarText += char;
      return;
    }
    if (this.scalarKey) this.scalars[this.scalarKey] = scalarValue(this.scalarText);
    this.scalarKey = undefined;
  }
}

export async function streamRecords(file: string, onRow: (row: QueryRow) => void): Promise<StreamedExport> {
  const scanner = new RecordScanner(onRow);
  let first = true;
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    scanner.feed(first ? (chunk as string).replace(/^\uFEFF/, '') : (chunk as string));
    first = false;
    if (scanner.invalidAt !== undefined) break;
  }
  return scanner.finish();
}
