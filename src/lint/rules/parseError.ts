import type { ParseProblemId, Rule } from '../types.js';

export const PARSE_ERROR_RULE_ID = 'parse-error';

/** The wording of every way a file can fail to load; the engine reports the id and its data. */
const MESSAGES: Record<ParseProblemId, string> = {
  tooLarge:
    'the file is {{size}} MB, above the {{limit}} MB limit; it was not read (raise maxFileBytes in the lint config to read it)',
  unreadableFile: 'cannot read the file: {{reason}}',
  unreadableDirectory: 'cannot read the directory: {{reason}}',
  binary: 'the file is binary, not text; a metadata file must be UTF-8 text',
  empty: 'the file is empty; a deploy rejects it (delete it or restore its content)',
  malformedSpec: 'cannot parse the spec: {{reason}}',
  malformedJson: 'cannot parse the JSON file: {{reason}}',
  malformedXml: 'malformed XML: {{reason}}',
  malformedXmlElement: 'malformed XML in <{{element}}>: {{reason}}',
  invalidForceIgnore:
    'the pattern {{pattern}} is not valid ({{reason}}): sf deploy and retrieve then apply none of this .forceignore, and lint ignores nothing either (fix or remove the pattern)',
};

/** Files that cannot be read or parsed: each is a finding with its position, and linting goes on. */
export const parseError: Rule = {
  meta: {
    id: PARSE_ERROR_RULE_ID,
    defaultSeverity: 'error',
    summary: 'A metadata file, spec or user definition cannot be read or parsed.',
    why: 'A file that does not parse will not deploy, and the other rules cannot see what it holds: a shared user or a secret in it goes unnoticed.',
    howToFix:
      'Fix the file at the line and column given (or restore it from version control). Binary or empty files with a metadata suffix should be deleted.',
    docs: 'parse-error',
    messages: MESSAGES,
  },
  reads: [],
  run(ctx) {
    return ctx.parseProblems.map((p) => ({
      messageId: p.messageId,
      data: p.data,
      location: { path: p.file.path, line: p.line, column: p.column },
      // The kind of failure, not the parser's words: fixing one error and hitting the next is still the same finding.
      subject: { type: p.file.type, name: p.file.fullName, detail: p.messageId },
    }));
  },
};
