import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { XMLParser } from 'fast-xml-parser';
import { copyExampleProject, remove } from '../helpers/project.js';
import { linkPlugin, sf, sfSandbox, type SfSandbox } from '../helpers/sf.js';
import type { GenerateResult } from '../../src/generate/generate.js';

type Json<T> = { status: number; result: T; name?: string; message?: string; data?: T };

describe('sf integration generate (real sf CLI)', function () {
  this.timeout(600_000);
  let sandbox: SfSandbox;
  let env: NodeJS.ProcessEnv;
  let dir: string;

  before(() => {
    sandbox = sfSandbox();
    env = sandbox.env;
    linkPlugin(env);
    dir = copyExampleProject();
  });
  after(() => {
    remove(dir);
    // The isolated sf home (plugin links, caches): nothing of a test run stays behind.
    sandbox.dispose();
  });

  it('generates the example project and prints the bypass formulas', () => {
    const r = sf(['integration', 'generate'], dir, env);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.contain('created');
    expect(r.stdout).to.contain('NOT($Permission.Talkdesk_Bypass_Validation)');
    expect(r.stderr).to.contain('6 integrations use the Salesforce Integration user license');
  });

  it('--json returns the typed result; a second run changes nothing', () => {
    const r = sf(['integration', 'generate', '--json'], dir, env);
    expect(r.status, r.stderr).to.equal(0);
    const json = JSON.parse(r.stdout) as Json<GenerateResult>;
    expect(json.status).to.equal(0);
    expect(json.result.integrations).to.have.length(6);
    expect(json.result.written).to.deep.equal([]);
    expect(json.result.unchanged).to.have.length(json.result.files.length);
  });

  it('sf project convert source succeeds and its package.xml lists every generated component', () => {
    const listed = JSON.parse(
      sf(['integration', 'generate', '--dry-run', '--json'], dir, env).stdout,
    ) as Json<GenerateResult>;
    const components = listed.result.files.filter((f) => f.path.startsWith('force-app/'));
    expect(components).to.have.length(46);
    const r = sf(['project', 'convert', 'source', '--output-dir', 'mdapi', '--json'], dir, env);
    expect(r.status, r.stdout + r.stderr).to.equal(0);
    const pkg = new XMLParser({ isArray: (name): boolean => name === 'types' || name === 'members' }).parse(
      readFileSync(path.join(dir, 'mdapi', 'package.xml'), 'utf8'),
    ) as { Package: { types: Array<{ name: string; members: string[] }>; version: number } };
    const inPackage = new Set(pkg.Package.types.flatMap((t) => t.members.map((m) => `${t.name}:${m}`)));
    for (const c of components) expect(inPackage.has(`${c.type}:${c.name}`), `${c.type}:${c.name}`).to.equal(true);
    expect(inPackage.size).to.equal(components.length);
    expect(String(pkg.Package.version)).to.equal('66');
  });

  it('each stage manifest converts with the real sf to exactly its components', () => {
    const listed = JSON.parse(
      sf(['integration', 'generate', '--dry-run', '--json'], dir, env).stdout,
    ) as Json<GenerateResult>;
    const manifests = listed.result.files.filter((f) => f.type === 'Manifest');
    expect(manifests.map((m) => m.path)).to.include.members([
      'manifest/Talkdesk-1-access.xml',
      'manifest/Talkdesk-3-app.xml',
    ]);
    for (const m of manifests.filter((x) => x.path.startsWith('manifest/Talkdesk-'))) {
      const out = `mdapi-${path.basename(m.path, '.xml')}`;
      const r = sf(['project', 'convert', 'source', '--manifest', m.path, '--output-dir', out, '--json'], dir, env);
      expect(r.status, r.stdout + r.stderr).to.equal(0);
      const converted = readFileSync(path.join(dir, out, 'package.xml'), 'utf8');
      const members = [...converted.matchAll(/<members>([^<]+)<\/members>/g)].map((x) => x[1]).sort();
      const wanted = [...readFileSync(path.join(dir, m.path), 'utf8').matchAll(/<members>([^<]+)<\/members>/g)]
        .map((x) => x[1])
        .sort();
      expect(members, m.path).to.deep.equal(wanted);
    }
  });

  it('--check exits 0 when in sync and 1, naming the file, after a hand edit', () => {
    expect(sf(['integration', 'generate', '--check'], dir, env).status).to.equal(0);
    const file = path.join(
      dir,
      'force-app/main/default/customPermissions/Marketo_Bypass_Validation.customPermission-meta.xml',
    );
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('<isLicensed>false</isLicensed>', '<isLicensed>true</isLicensed>'),
    );
    const r = sf(['integration', 'generate', '--check', '--json'], dir, env);
    expect(r.status).to.equal(1);
    const json = JSON.parse(r.stdout) as Json<GenerateResult>;
    expect(json.name).to.equal('DriftError');
    expect(json.data?.drift).to.deep.equal([
      'force-app/main/default/customPermissions/Marketo_Bypass_Validation.customPermission-meta.xml',
    ]);
  });

  it('a bad spec fails with file, line and column and no stack trace', () => {
    const bad = copyExampleProject();
    try {
      const spec = path.join(bad, 'integrations', 'marketo.yaml');
      writeFileSync(
        spec,
        readFileSync(spec, 'utf8').replace(
          '  username: marketo.sync@example.com',
          '  username: marketo.sync@example.com\n  pasword: hunter2',
        ),
      );
      const r = sf(['integration', 'generate'], bad, env);
      expect(r.status).to.equal(1);
      expect(r.stderr).to.contain("integrations/marketo.yaml:10:3: unknown key 'pasword' in user");
      expect(r.stderr).not.to.match(/\n\s+at .+\(.+:\d+:\d+\)/);
    } finally {
      remove(bad);
    }
  });
});
