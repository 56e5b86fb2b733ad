import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import ignoreModule from 'ignore';
import { pick, random } from '../helpers/random.js';
import { loadForceIgnore, SDR_DEFAULT_IGNORE } from '../../src/lint/forceIgnore.js';
import { remove } from '../helpers/project.js';

const require = createRequire(import.meta.url);
const ignore = ignoreModule as unknown as typeof ignoreModule.default;

const { ForceIgnore } = require('@salesforce/source-deploy-retrieve/lib/src/resolve/forceIgnore.js') as {
  ForceIgnore: new (file: string) => { DEFAULT_IGNORE: string[]; denies(p: string): boolean };
};

describe('.forceignore: lint skips exactly the files source-deploy-retrieve skips', () => {
  it("puts SDR's own default patterns first, in SDR's order (fails when SDR changes them)", () => {
    expect(SDR_DEFAULT_IGNORE).to.deep.equal(new ForceIgnore('').DEFAULT_IGNORE);
  });

  it('is undefined without a .forceignore, and a folder of that name is no .forceignore', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'sfint-forceignore-'));
    try {
      expect(await loadForceIgnore(root)).to.equal(undefined);
      mkdirSync(path.join(root, '.forceignore'));
      expect(await loadForceIgnore(root)).to.equal(undefined);
    } finally {
      remove(root);
    }
  });

  it('deniesFile agrees with SDR denies on files, for patterns of every kind', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'sfint-forceignore-'));
    try {
      const patterns = [
        '# comment',
        '**/jsconfig.json',
        'force-app/main/default/profiles/',
        '*.dup',
        '**/Secret*',
        '!**/Secret_Keep*',
        'legacy',
        '/force-app/main/default/flows/Old*',
      ];
      writeFileSync(path.join(root, '.forceignore'), `${patterns.join('\n')}\n`);
      const files = [
        'force-app/main/default/profiles/Admin.profile-meta.xml',
        'force-app/main/default/classes/A.cls',
        'force-app/main/default/classes/Secret_Store.cls',
        'force-app/main/default/classes/Secret_Keep.cls',
        'force-app/main/default/lwc/x/jsconfig.json',
        'force-app/main/default/objects/A__c/A__c.object-meta.xml.dup',
        'force-app/main/default/legacy/X.cls',
        'force-app/main/default/flows/Old_Flow.flow-meta.xml',
        'force-app/main/default/flows/New_Flow.flow-meta.xml',
        'force-app/main/default/profiles.txt',
        'force-app/main/default/.hidden.xml',
        '.sf/orgs/00D000000000001/remoteMetadata/a.json',
        '.sf/orgs/00D000000000001/other/b.json',
        'force-app/main/default/package2-descriptor.json',
      ];
      for (const f of files) {
        mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
        writeFileSync(path.join(root, f), 'x');
      }
      const ours = await loadForceIgnore(root);
      const sdr = new ForceIgnore(path.join(root, '.forceignore'));
      const denied = files.filter((f) => ours?.deniesFile(f));
      expect(denied).to.deep.equal(files.filter((f) => sdr.denies(path.join(root, f))));
      // The near misses are told apart: the set is neither everything nor nothing.
      expect(denied)
        .to.include('force-app/main/default/profiles/Admin.profile-meta.xml')
        .and.not.include('force-app/main/default/classes/Secret_Keep.cls');
      expect(denied).not.to.include('force-app/main/default/flows/New_Flow.flow-meta.xml');
    } finally {
      remove(root);
    }
  });

  it("deniesFile answers as node-ignore's ignores, on random patterns and paths (its shortcuts change nothing)", async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'sfint-forceignore-'));
    try {
      const next = random(1202);
      const pieces = ['a', 'B', 'ab', 'x.xml', '.dup', '.', '_', '-', '!', '#', ' ', 'é'];
      const globs = ['*', '**', '?', '[ab]', '[!a]', '\\*', '\\ ', '\\!', '\\#', '[z-a]', '['];
      const segment = (): string =>
        Array.from({ length: 1 + Math.floor(next() * 3) }, () =>
          next() < 0.3 ? pick(next, globs) : pick(next, pieces),
        ).join('');
      const pattern = (): string =>
        `${pick(next, ['', '', '!', '/', '**/', '\\'])}${Array.from({ length: 1 + Math.floor(next() * 3) }, segment).join('/')}${pick(next, ['', '', '/', '/**', '  ', '\\ '])}`;
      const name = (): string => Array.from({ length: 1 + Math.floor(next() * 3) }, () => pick(next, pieces)).join('');
      let invalid = 0;
      let compared = 0;
      for (let round = 0; round < 150; round++) {
        const patterns = Array.from({ length: 1 + Math.floor(next() * 6) }, pattern);
        writeFileSync(path.join(root, '.forceignore'), `${patterns.join('\n')}\n`);
        // eslint-disable-next-line no-await-in-loop
        const ours = await loadForceIgnore(root);
        let reference: ReturnType<typeof ignore>;
        try {
          reference = ignore().add(`${SDR_DEFAULT_IGNORE.join('\n')}\n${patterns.join('\n')}\n`);
        } catch {
          // A pattern node-ignore cannot compile: SDR then ignores nothing, and so does lint.
          expect(ours?.invalid, JSON.stringify(patterns)).to.not.equal(undefined);
          expect(ours?.deniesFile('a/b.xml')).to.equal(false);
          invalid++;
          continue;
        }
        expect(ours?.invalid).to.equal(undefined);
        compared++;
        for (let k = 0; k < 60; k++) {
          const file = Array.from({ length: 1 + Math.floor(next() * 4) }, name).join('/');
          let expected: boolean;
          try {
            expected = reference.ignores(file);
          } catch {
            expected = false;
          }
          expect(ours?.deniesFile(file), `${JSON.stringify(patterns)} ${JSON.stringify(file)}`).to.equal(expected);
        }
      }
      // Both kinds of .forceignore came up.
      expect(compared).to.be.greaterThan(50);
      expect(invalid).to.be.greaterThan(0);
    } finally {
      remove(root);
    }
  });
});
