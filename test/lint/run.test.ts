import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { projectRoot, useColor } from '../../src/lint/run.js';
import { REPO_ROOT } from '../helpers/schema.js';

describe('runLint helpers', () => {
  const withEnv = (vars: Record<string, string | undefined>, fn: () => void): void => {
    const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
    try {
      for (const [k, v] of Object.entries(vars)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      fn();
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  };
  const tty = { isTTY: true } as NodeJS.WriteStream;
  const pipe = { isTTY: false } as NodeJS.WriteStream;

  it('colours a terminal, never a pipe, and never with NO_COLOR or FORCE_COLOR=0', () => {
    withEnv({ NO_COLOR: undefined, FORCE_COLOR: undefined }, () => {
      expect(useColor(tty)).to.equal(true);
      expect(useColor(pipe)).to.equal(false);
    });
    withEnv({ NO_COLOR: '1', FORCE_COLOR: undefined }, () => expect(useColor(tty)).to.equal(false));
    withEnv({ NO_COLOR: undefined, FORCE_COLOR: '0' }, () => expect(useColor(tty)).to.equal(false));
  });

  it('finds the project: the directory itself, an enclosing sfdx-project.json, or the directory when there is none', async () => {
    const project = path.join(REPO_ROOT, 'test', 'fixtures', 'lint', 'source-project');
    expect(await projectRoot(project)).to.equal(project);
    expect(await projectRoot(path.join(project, 'force-app', 'main', 'default'))).to.equal(project);
    const metadata = path.join(REPO_ROOT, 'test', 'fixtures', 'lint', 'metadata-project');
    expect(await projectRoot(metadata)).to.equal(metadata);
    expect(await projectRoot('/')).to.equal('/');
  });

  it('outside any project, lints the project the named paths are in, not the working directory around it', async () => {
    const project = path.join(REPO_ROOT, 'test', 'fixtures', 'lint', 'source-project');
    const metadata = path.join(REPO_ROOT, 'test', 'fixtures', 'lint', 'metadata-project');
    const outside = mkdtempSync(path.join(os.tmpdir(), 'sfint-outside-'));
    try {
      const file = path.join(project, 'force-app', 'main', 'default', 'classes');
      expect(await projectRoot(outside, [project])).to.equal(project);
      expect(await projectRoot(outside, [file, path.join(project, 'missing.xml')])).to.equal(project);
      // Paths in two projects, or in none: the working directory, as before.
      expect(await projectRoot(outside, [project, metadata])).to.equal(outside);
      expect(await projectRoot(outside, [path.join(outside, 'x.xml')])).to.equal(outside);
      // Inside a project, the working directory's project wins whatever the paths.
      expect(await projectRoot(metadata, [project])).to.equal(metadata);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
