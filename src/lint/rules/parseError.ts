import type { Rule } from '../types.js';

export const PARSE_ERROR_RULE_ID = 'parse-error';

/** Files that cannot be read or parsed: each is a finding with its position, and linting goes on. */
export const parseError: Rule = {
  meta: {
    id: PARSE_ERROR_RULE_ID,
    defaultSeverity: 'error',
    summary: 'A metadata file, spec or user definition cannot be read or parsed.',
    why: 'A file that does not parse will not deploy, and the other rules cannot see what it holds: a shared user or a secret in it goes unnoticed.',
    howToFix: 'Fix the file at the line and column given (or restore it from version control). Binary or empty files with a metadata suffix should be deleted.',
    docs: 'parse-error',
  },
  reads: [],
  run(ctx) {
    return ctx.parseProblems.map((p) => ({
      message: p.message,
      location: { path: p.file.path, line: p.line, column: p.column },
      subject: { type: p.file.type, name: p.file.fullName, detail: p.message.replace(/\d+(\.\d+)?/g, '#') },
    }));
  },
};
