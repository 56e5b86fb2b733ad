import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { parseLintArgs } from '../../src/cli/standalone.js';
import { REPO_ROOT } from '../helpers/schema.js';

type Manifest = { commands: Record<string, Parameters<typeof parseLintArgs>[1]> };
const command = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'oclif.manifest.json'), 'utf8')) as Manifest).commands[
  'integration:lint'
];

describe('sf-integration lint: arguments parsed as the sf command parses them', () => {
  it('defaults come from the command: human format, error threshold', () => {
    const parsed = parseLintArgs([], command);
    expect(parsed?.flags).to.include({ format: 'human', 'severity-threshold': 'error' });
    expect(parsed?.paths).to.deep.equal([]);
    expect(parsed?.json).to.equal(false);
  });

  const accepted: Array<[string[], Record<string, unknown>, string[]]> = [
    [['a.xml', 'b.cls'], {}, ['a.xml', 'b.cls']],
    [['-f', 'sarif', '--output-file', 'out.sarif'], { format: 'sarif', 'output-file': 'out.sarif' }, []],
    [['--format=junit', 'x.xml'], { format: 'junit' }, ['x.xml']],
    [['-fcsv'], { format: 'csv' }, []],
    [
      ['x.xml', '--severity-threshold', 'none', '--changed-since', 'origin/main'],
      { 'severity-threshold': 'none', 'changed-since': 'origin/main' },
      ['x.xml'],
    ],
    [['--source-dir', 'a', '-d', 'b'], { 'source-dir': ['a', 'b'] }, []],
    [['x.xml', '-d', 'a'], { 'source-dir': ['a'] }, ['x.xml']],
    [['--source-dir=a', 'x.xml'], { 'source-dir': ['a'] }, ['x.xml']],
    [['--json'], { json: true }, []],
  ];
  for (const [argv, flags, paths] of accepted) {
    it(`takes ${argv.join(' ') || '(nothing)'}`, () => {
      const parsed = parseLintArgs(argv, command);
      expect(parsed, 'declined').not.to.equal(undefined);
      for (const [name, value] of Object.entries(flags)) expect(parsed?.flags[name], name).to.deep.equal(value);
      expect(parsed?.paths).to.deep.equal(paths);
    });
  }

  // Each of these is the full command's to answer: help, a usage error, or a shape the two parsers read differently.
  const declined: Array<[string[], string]> = [
    [['--help'], 'help'],
    [['-h'], 'short help'],
    [['--fix'], 'an unknown flag'],
    [['--format', 'html'], 'a value outside the options'],
    [['--severity-threshold=warn'], 'a near-miss value'],
    [['--flags-dir', 'flags'], 'flags from a directory'],
    [['--', '-x.xml'], 'the end of flags'],
    [['-d', 'force-app', 'x.xml'], 'a repeatable flag followed by words oclif would give it'],
    [['-d=force-app'], 'an inline short value oclif reads without the ='],
    [['--format'], 'a flag without its value'],
    [['--json=true'], 'a value for a boolean'],
  ];
  for (const [argv, why] of declined) {
    it(`declines ${argv.join(' ')} (${why})`, () => {
      expect(parseLintArgs(argv, command)).to.equal(undefined);
    });
  }

  it('SF_CONTENT_TYPE=JSON asks for JSON as it does of every sf command', () => {
    const saved = process.env.SF_CONTENT_TYPE;
    process.env.SF_CONTENT_TYPE = 'json';
    try {
      expect(parseLintArgs([], command)?.json).to.equal(true);
    } finally {
      if (saved === undefined) delete process.env.SF_CONTENT_TYPE;
      else process.env.SF_CONTENT_TYPE = saved;
    }
  });
});
