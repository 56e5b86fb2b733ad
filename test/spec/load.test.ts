import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { listFiles, makeProject, remove } from '../helpers/project.js';
import { run } from '../helpers/generate.js';
import { SpecError } from '../../src/generate/generate.js';
import { formatProblems } from '../../src/spec/load.js';
import { installedSchema } from '../../src/shared/plugin.js';
import type { SpecProblem } from '../../src/spec/types.js';

const VALID = `name: Billing Sync
owners:
  business: Finance <finance@example.com>
  technical: Finance Systems <fin-sys@example.com>
support: fin-sys@example.com
user:
  username: billing.sync@example.com
auth:
  flow: client-credentials
access:
  objects:
    Account: [read, edit]
  fields:
    Account.BillingCity: [edit]
`;

/** Runs generate on one spec and returns the problems it must raise; asserts nothing was written. */
async function problemsFor(
  spec: string,
  extraFiles: Record<string, string> = {},
  file = 'billing.yaml',
): Promise<SpecProblem[]> {
  const dir = makeProject({ [file]: spec }, extraFiles);
  const before = listFiles(dir);
  try {
    await run(dir);
    expect.fail('generate accepted a bad spec');
  } catch (e) {
    if (!(e instanceof SpecError)) throw e;
    expect(listFiles(dir), 'no file may be written').to.deep.equal(before);
    return e.problems;
  } finally {
    remove(dir);
  }
  return [];
}

describe('spec validation (bad input)', () => {
  it('accepts the valid baseline spec (so the near misses below fail for their own reason)', async () => {
    const dir = makeProject({ 'billing.yaml': VALID });
    try {
      const r = await run(dir);
      expect(r.integrations[0].apiName).to.equal('Billing_Sync');
    } finally {
      remove(dir);
    }
  });

  it('malformed YAML: names file, line and column', async () => {
    const problems = await problemsFor(VALID.replace('support: fin-sys@example.com', 'support: [fin-sys@example.com'));
    expect(problems).to.have.length.greaterThan(0);
    expect(problems[0].file).to.equal('integrations/billing.yaml');
    expect(problems[0].message).to.match(/YAML syntax error/);
    expect(problems[0].line).to.be.a('number');
    expect(problems[0].column).to.be.a('number');
  });

  it('malformed JSON spec is reported as JSON', async () => {
    const problems = await problemsFor('{"name": "X", "owners": {', {}, 'x.json');
    expect(problems[0].message).to.match(/^JSON syntax error/);
  });

  it('an empty spec file says what to write', async () => {
    const problems = await problemsFor('# nothing yet\n');
    expect(problems).to.deep.equal([
      {
        file: 'integrations/billing.yaml',
        line: 1,
        column: 1,
        message: `the spec file is empty; write the keys described in ${installedSchema('integration-spec')} (name, owners, support, user...).`,
      },
    ]);
  });

  it('duplicate keys are a syntax error at the second key', async () => {
    const problems = await problemsFor(
      VALID.replace('support: fin-sys@example.com', 'support: fin-sys@example.com\nsupport: other@example.com'),
    );
    expect(problems[0]).to.include({ line: 6, column: 1 });
    expect(problems[0].message).to.match(/unique/);
  });

  it('unknown keys: the key is located and the allowed keys listed', async () => {
    const problems = await problemsFor(
      VALID.replace(
        '  username: billing.sync@example.com',
        '  username: billing.sync@example.com\n  usernmae: typo@example.com',
      ),
    );
    expect(problems).to.have.length(1);
    expect(problems[0]).to.include({ file: 'integrations/billing.yaml', line: 8, column: 3 });
    expect(problems[0].message).to.contain("unknown key 'usernmae' in user");
    expect(problems[0].message).to.contain('allowed keys: username, email');
  });

  it('missing owners and support: every problem in one run', async () => {
    const problems = await problemsFor(
      VALID.replace(/owners:\n.*\n.*\n/, '').replace('support: fin-sys@example.com\n', ''),
    );
    const messages = problems.map((p) => p.message);
    expect(messages).to.include("missing required key 'owners' in the top level. Add it.");
    expect(messages).to.include("missing required key 'support' in the top level. Add it.");
    expect(problems[0]).to.include({ line: 1, column: 1 });
  });

  it('missing technical owner inside owners', async () => {
    const problems = await problemsFor(VALID.replace('  technical: Finance Systems <fin-sys@example.com>\n', ''));
    expect(problems.map((p) => p.message)).to.deep.equal(["missing required key 'technical' in owners. Add it."]);
    expect(problems[0].line).to.equal(3);
  });

  it('invalid apiName: explained, never sanitised', async () => {
    for (const [apiName, why] of [
      ['1Billing', 'start with a letter'],
      ['Billing__Sync', 'two underscores'],
      ['Billing_', 'end with an underscore'],
      ['Billing-Sync', 'not letters, digits or underscores'],
      ['A'.repeat(41), 'the limit is 40'],
    ]) {
      // eslint-disable-next-line no-await-in-loop
      const problems = await problemsFor(`apiName: ${apiName}\n${VALID}`);
      expect(problems.map((p) => p.message).join('\n'), apiName).to.contain(why);
      expect(problems[0]).to.include({ line: 1, column: 10 });
    }
  });

  it('a ../ name fails and writes nothing outside the project either', async () => {
    const problems = await problemsFor(VALID.replace('name: Billing Sync', 'name: ../../etc/x'));
    expect(problems).to.have.length(1);
    expect(problems[0].message).to.contain("cannot derive an API name from name '../../etc/x'");
    expect(problems[0].message).to.contain('Set apiName');
    expect(problems[0]).to.include({ line: 1, column: 7 });
  });

  it('a ../ apiName fails', async () => {
    const problems = await problemsFor(`apiName: ../x\n${VALID}`);
    expect(problems[0].message).to.match(
      /apiName '\.\.\/x' is not a valid Salesforce API name: it must start with a letter/,
    );
  });

  it('a field without its object in access.objects', async () => {
    const problems = await problemsFor(
      VALID.replace('    Account.BillingCity: [edit]', '    Account.BillingCity: [edit]\n    Contact.Email: [read]'),
    );
    expect(problems).to.have.length(1);
    expect(problems[0]).to.include({ line: 15, column: 5 });
    expect(problems[0].message).to.contain('its object Contact is not in access.objects; add Contact: [read]');
  });

  it('a field without an object prefix', async () => {
    const problems = await problemsFor(VALID.replace('Account.BillingCity', 'BillingCity'));
    expect(problems[0].message).to.contain("field 'BillingCity' has no object; write it as Object.Field");
  });

  it('contradictory permissions: an editable field on a read-only object', async () => {
    const problems = await problemsFor(VALID.replace('Account: [read, edit]', 'Account: [read]'));
    expect(problems[0].message).to.contain(
      'contradictory permissions: Account.BillingCity is editable but Account is read-only',
    );
    expect(problems[0]).to.include({ line: 14, column: 5 });
  });

  it('contradictory auth: a flow with no app, and an app with no flow', async () => {
    let problems = await problemsFor(
      VALID.replace('  flow: client-credentials', '  flow: client-credentials\n  app: none'),
    );
    expect(problems[0].message).to.contain("auth.flow is 'client-credentials' but auth.app is 'none'");
    problems = await problemsFor(VALID.replace('  flow: client-credentials', '  flow: none\n  app: connected-app'));
    expect(problems[0].message).to.contain("auth.app is 'connected-app' but auth.flow is 'none'");
  });

  it('admin-equivalent user permissions are refused', async () => {
    const problems = await problemsFor(`${VALID}  userPermissions: [ApiEnabled, ModifyAllData]\n`);
    expect(problems[0].message).to.contain('ModifyAllData is an admin-equivalent permission');
    expect(problems[0]).to.include({ line: 15, column: 33 });
  });

  it('field-level security on a required or system field is refused (a deploy would reject it)', async () => {
    const problems = await problemsFor(VALID.replace('Account.BillingCity', 'Account.Name'));
    expect(problems[0].message).to.contain('Account.Name is a system field');
  });

  it('missing certificate for jwt-bearer, and a certificate path that does not exist', async () => {
    let problems = await problemsFor(VALID.replace('flow: client-credentials', 'flow: jwt-bearer'));
    expect(problems[0].message).to.contain('auth.flow jwt-bearer needs auth.certificate');
    problems = await problemsFor(
      VALID.replace('flow: client-credentials', 'flow: jwt-bearer\n  certificate: certs/missing.crt'),
    );
    expect(problems[0].message).to.contain("auth.certificate 'certs/missing.crt' was not found");
    expect(problems[0]).to.include({ line: 10, column: 16 });
  });

  it('a private key given as the certificate is refused', async () => {
    const problems = await problemsFor(
      VALID.replace('flow: client-credentials', 'flow: jwt-bearer\n  certificate: certs/key.pem'),
      {
        'integrations/certs/key.pem': '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n',
      },
    );
    expect(problems[0].message).to.contain('holds a private key');
  });

  it('bad enumerations, scopes and IP ranges', async () => {
    const problems = await problemsFor(
      VALID.replace(
        '  flow: client-credentials',
        '  flow: password\n  scopes: [api, superpowers]\n  ipRanges:\n    - start: 10.0.0.9\n      end: 10.0.0.1',
      ),
    );
    expect(problems.map((p) => p.message)).to.deep.equal([
      'auth.flow must be one of: jwt-bearer, client-credentials, authorization-code, none.',
    ]);
    const more = await problemsFor(
      VALID.replace(
        '  flow: client-credentials',
        '  flow: client-credentials\n  scopes: [api, superpowers]\n  ipRanges:\n    - start: 10.0.0.9\n      end: 10.0.0.1',
      ),
    );
    expect(more.map((p) => p.message)).to.include(
      "unknown OAuth scope 'superpowers'; use names like api, refresh_token, openid, custom_permissions.",
    );
    expect(more.map((p) => p.message)).to.include(
      'IP range 10.0.0.9-10.0.0.1 ends before it starts; swap start and end.',
    );
  });

  it('a username shared by two specs is refused in both', async () => {
    const dir = makeProject({ 'billing.yaml': VALID, 'erp.yaml': VALID.replace('name: Billing Sync', 'name: ERP') });
    try {
      await run(dir);
      expect.fail('accepted a shared username');
    } catch (e) {
      const problems = (e as SpecError).problems;
      expect(problems.map((p) => p.file).sort()).to.deep.equal(['integrations/billing.yaml', 'integrations/erp.yaml']);
      expect(problems[0].message).to.contain("user.username 'billing.sync@example.com' is also used by");
      expect(existsSync(path.join(dir, 'force-app'))).to.equal(false);
    } finally {
      remove(dir);
    }
  });

  it('reports problems of every spec in one run, sorted by file and line', async () => {
    const dir = makeProject({
      'a.yaml': 'name: A\n',
      'b.yaml': VALID.replace('Account: [read, edit]', 'Account: [read]'),
    });
    try {
      await run(dir);
      expect.fail('accepted bad specs');
    } catch (e) {
      const text = formatProblems((e as SpecError).problems);
      expect(text).to.match(/^integrations\/a\.yaml:1:1: missing required key 'owners'/);
      expect(text).to.contain('integrations/b.yaml:14:5: contradictory permissions');
    } finally {
      remove(dir);
    }
  });

  it('a --spec glob that matches nothing is an error, not a silent no-op', async () => {
    const dir = makeProject({ 'billing.yaml': VALID });
    try {
      await run(dir, { specs: ['integrations/nothing-*.yaml'] });
      expect.fail('accepted an empty glob');
    } catch (e) {
      expect((e as SpecError).problems[0]).to.deep.equal({
        file: 'integrations/nothing-*.yaml',
        message: 'no spec file matches this pattern.',
      });
    } finally {
      remove(dir);
    }
  });

  it('an unwritable output directory: a clear error and no file written anywhere', async function () {
    // Root ignores permission bits, so the first case is a path under a regular file: unwritable for everyone.
    const dir = makeProject({ 'billing.yaml': VALID });
    try {
      writeFileSync(path.join(dir, 'blocker'), 'a file, not a directory');
      const before = listFiles(dir);
      let error: NodeJS.ErrnoException | undefined;
      try {
        await run(dir, { metadataDir: path.join(dir, 'blocker', 'out') });
      } catch (e) {
        error = e as NodeJS.ErrnoException;
      }
      expect(error?.code).to.be.oneOf(['ENOTDIR', 'EEXIST']);
      expect(listFiles(dir)).to.deep.equal(before);
      // A read-only directory too, where permissions apply (not as root).
      if (process.getuid?.() !== 0) {
        const ro = path.join(dir, 'ro');
        mkdirSync(ro);
        chmodSync(ro, 0o500);
        await run(dir, { metadataDir: ro }).then(
          () => expect.fail('wrote into a read-only directory'),
          (e: NodeJS.ErrnoException) => expect(e.code).to.equal('EACCES'),
        );
        expect(listFiles(dir)).to.deep.equal(before);
      } else {
        this.test!.title += ' (read-only directory case skipped: running as root)';
      }
    } finally {
      remove(dir);
    }
  });

  describe('found by fuzzing', () => {
    it('characters XML cannot hold are refused at their field, not written', async () => {
      let problems = await problemsFor(
        VALID.replace('name: Billing Sync', 'name: Billing Sync\ndescription: "a\\x01b"'),
      );
      expect(problems).to.deep.equal([
        {
          file: 'integrations/billing.yaml',
          line: 2,
          column: 14,
          message: 'description contains the character U+0001, which cannot be written to XML; remove it.',
        },
      ]);
      problems = await problemsFor(
        VALID.replace(
          '  technical: Finance Systems <fin-sys@example.com>',
          '  technical: "\\udc00x <fin-sys@example.com>"',
        ),
      );
      expect(problems[0].message).to.equal(
        'owners.technical contains the character U+DC00, which cannot be written to XML; remove it.',
      );
    });

    it('YAML errors found while building the data (unresolved alias, alias bomb, odd types) are spec problems', async () => {
      let problems = await problemsFor(`${VALID}description: *nope\n`);
      expect(problems[0].message).to.match(/^YAML (syntax )?error: .*(alias|nope)/i);
      const bomb =
        'a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n';
      problems = await problemsFor(`${VALID}${bomb}`);
      expect(problems[0].message).to.match(/^YAML error: Excessive alias count/);
      problems = await problemsFor(
        VALID.replace('name: Billing Sync', 'name: Billing Sync\ndescription: !!binary aGVsbG8='),
      );
      expect(problems[0].message).to.contain('description uses a YAML type (Uint8Array) a spec cannot hold');
    });

    it('permission and object names are compared case-insensitively', async () => {
      let problems = await problemsFor(`${VALID}  userPermissions: [viewalldata]\n`);
      expect(problems[0].message).to.contain('ViewAllData is an admin-equivalent permission');
      problems = await problemsFor(`${VALID}  userPermissions: [ViewRoles, viewroles]\n`);
      expect(problems[0].message).to.contain('viewroles is listed twice');
      problems = await problemsFor(
        VALID.replace('    Account: [read, edit]', '    Account: [read, edit]\n    account: [read]'),
      );
      expect(problems[0].message).to.contain('account and Account are the same object');
      const dir = makeProject({ 'billing.yaml': `${VALID}  userPermissions: [APIENABLED]\n` });
      try {
        const r = await run(dir);
        expect(r.integrations[0].apiName).to.equal('Billing_Sync');
        const { readFileSync } = await import('node:fs');
        const ps = readFileSync(
          path.join(dir, 'force-app/main/default/permissionsets/Billing_Sync_Integration.permissionset-meta.xml'),
          'utf8',
        );
        expect(ps.match(/<name>ApiEnabled<\/name>/gi)).to.have.length(1);
      } finally {
        remove(dir);
      }
    });

    it('callback URLs must be https (http only for localhost) or an app scheme', async () => {
      for (const [url, why] of [
        ['javascript:alert(1)', 'is not an absolute URL'],
        ['file:///etc/passwd', 'uses the file: scheme'],
        ['http://app.example.com/cb', 'uses http'],
      ]) {
        // eslint-disable-next-line no-await-in-loop
        const problems = await problemsFor(
          VALID.replace('  flow: client-credentials', `  flow: authorization-code\n  callbackUrl: "${url}"`),
        );
        expect(problems.map((p) => p.message).join('\n'), url).to.contain(why);
      }
      for (const url of ['https://app.example.com/cb', 'http://localhost:8080/cb', 'myapp://oauth/callback']) {
        const dir = makeProject({
          'billing.yaml': VALID.replace(
            '  flow: client-credentials',
            `  flow: authorization-code\n  callbackUrl: "${url}"`,
          ),
        });
        // eslint-disable-next-line no-await-in-loop
        await run(dir).finally(() => remove(dir));
      }
    });

    it('a certificate path that is a directory is refused clearly', async () => {
      const problems = await problemsFor(
        VALID.replace('flow: client-credentials', 'flow: jwt-bearer\n  certificate: certs'),
      );
      expect(problems[0].message).to.contain("auth.certificate 'certs' is not a file");
    });

    it('a spec file name with control characters is refused (it would end up in generated XML)', async () => {
      const problems = await problemsFor(VALID, {}, 'a\u0001b.yaml');
      expect(problems).to.deep.equal([
        {
          file: '"integrations/a\\u0001b.yaml"',
          message: 'the file name contains control characters; rename the spec file.',
        },
      ]);
    });

    it('a key that is a list is an unknown key at its position, without a process warning', async () => {
      const warnings: string[] = [];
      const onWarning = (w: Error): number => warnings.push(w.message);
      process.on('warning', onWarning);
      try {
        const problems = await problemsFor(`${VALID}[a, b]: x\n`);
        expect(problems[0].message).to.contain("unknown key '[ a, b ]'");
        expect(problems[0].line).to.equal(15);
      } finally {
        process.off('warning', onWarning);
      }
      expect(warnings).to.deep.equal([]);
    });

    it('a blank name or owner is refused', async () => {
      const problems = await problemsFor(VALID.replace('name: Billing Sync', 'name: "   "\napiName: Billing'));
      expect(problems[0].message).to.match(/^name must match pattern/);
    });
  });
});
