import { LineCounter, parseDocument } from 'yaml';
import type { ProjectFile, SpecFileView, UserDefinitionView } from './types.js';

export type DocumentFailure = { message: string; line?: number; column?: number };

/** Parses a YAML or JSON document keeping positions; any shape is accepted (rules judge the content). */
function parseWithPositions(
  text: string,
):
  | { data: Record<string, unknown>; locate: (path: Array<string | number>) => { line?: number; column?: number } }
  | DocumentFailure {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length) {
    const pos = lines.linePos(doc.errors[0].pos[0]);
    return { message: doc.errors[0].message.split('\n')[0], line: pos.line, column: pos.col };
  }
  const js: unknown = doc.toJS();
  if (js === null || js === undefined) return { message: 'the file is empty', line: 1, column: 1 };
  if (typeof js !== 'object' || Array.isArray(js))
    return { message: 'expected a mapping of keys at the top level', line: 1, column: 1 };
  return {
    data: js as Record<string, unknown>,
    locate(path): { line?: number; column?: number } {
      for (let depth = path.length; depth >= 0; depth--) {
        const node = (depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true)) as {
          range?: [number, number];
        } | null;
        if (node?.range) {
          const p = lines.linePos(node.range[0]);
          return { line: p.line, column: p.col };
        }
      }
      return {};
    },
  };
}

export function parseSpecView(file: ProjectFile, text: string): SpecFileView | DocumentFailure {
  const parsed = parseWithPositions(text);
  return 'data' in parsed ? { file, data: parsed.data, locate: parsed.locate } : parsed;
}

/** A `sf org create user` definition: a JSON object with a Username. Other config JSON (scratch defs) is not one. */
export function parseUserDefinition(file: ProjectFile, text: string): UserDefinitionView | DocumentFailure | undefined {
  const parsed = parseWithPositions(text);
  if (!('data' in parsed)) return parsed;
  const key = Object.keys(parsed.data).find((k) => k.toLowerCase() === 'username');
  if (!key) return undefined;
  const normalised = Object.fromEntries(
    Object.entries(parsed.data).map(([k, v]) => [k.toLowerCase() === 'username' ? 'Username' : k, v]),
  );
  return {
    file,
    data: normalised,
    locate: (k: string) => parsed.locate([k === 'Username' ? key : k]),
  };
}
