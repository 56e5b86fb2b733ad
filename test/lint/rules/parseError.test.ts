import { parseError } from '../../../src/lint/rules/parseError.js';
import { RULES } from '../../../src/lint/rules/index.js';
import { D, NS, metadata, ruleTester } from '../../helpers/ruleTester.js';

const PERMISSION_SET = `${D}/permissionsets/Erp_Integration.permissionset-meta.xml`;
const STATIC_RESOURCE = `<?xml version="1.0" encoding="UTF-8"?>\n<StaticResource xmlns="${NS}"><cacheControl>Public</cacheControl><contentType>application/zip</contentType></StaticResource>\n`;
const SPEC =
  'name: ERP\nowners:\n  business: Maria Lopez <maria.lopez@example.com>\n  technical: Dev Patel <dev.patel@example.com>\nsupport: erp-support@example.com\n';

// parse-error reads no types of its own: it reports what the other rules' reads could not parse.
ruleTester(
  parseError,
  {
    valid: [
      {
        name: 'a well-formed permission set',
        files: { [PERMISSION_SET]: metadata('PermissionSet', '    <label>ERP Integration</label>') },
      },
      {
        name: 'a file that starts with a UTF-8 byte order mark',
        files: { [PERMISSION_SET]: `\uFEFF${metadata('PermissionSet', '    <label>ERP</label>')}` },
      },
      { name: 'a well-formed spec', files: { 'integrations/erp.yaml': SPEC } },
      {
        name: 'near miss: a README.md with markup in the metadata folder is no metadata',
        files: {
          [`${D}/README.md`]: '# Our org\n\nSome <b>notes & things\n',
          [PERMISSION_SET]: metadata('PermissionSet', '    <label>ERP</label>'),
        },
      },
      {
        name: "near miss: a broken file named like metadata inside a static resource is the resource's content",
        files: {
          [`${D}/staticresources/docs.resource-meta.xml`]: STATIC_RESOURCE,
          [`${D}/staticresources/docs/permissionsets/Broken.permissionset-meta.xml`]: '<PermissionSet><label>',
          [`${D}/staticresources/docs/empty.permissionset-meta.xml`]: '',
        },
      },
      {
        name: 'near miss: a .forceignore with character classes, escapes and negations that compile',
        files: {
          '.forceignore': '**/[Oo]ld_*.cls\n\\#notes.txt\n!**/Keep[!x].cls\n',
          [PERMISSION_SET]: metadata('PermissionSet', '    <label>ERP Integration</label>'),
        },
      },
      {
        name: 'near miss: other JSON in config/ (a scratch org definition) that is valid',
        files: { 'config/project-scratch-def.json': '{ "orgName": "Acme", "edition": "Developer" }\n' },
      },
    ],
    invalid: [
      {
        name: 'a .forceignore pattern node-ignore cannot compile: SDR then applies none of the file, and lint says so',
        files: {
          '.forceignore': '# ours\n**/jsconfig.json\nforce-app/main/default/[Old Code/Foo.cls\n',
          [PERMISSION_SET]: metadata('PermissionSet', '    <label>ERP Integration</label>'),
        },
        findings: [
          {
            messageId: 'invalidForceIgnore',
            path: '.forceignore',
            line: 3,
            column: 1,
            severity: 'error',
            message: [
              'force-app/main/default/[Old Code/Foo.cls',
              'Unterminated character class',
              'apply none of this .forceignore',
            ],
          },
        ],
      },
      {
        name: 'a file that cannot be read (a dangling link named like metadata)',
        files: {},
        symlinks: { [`${D}/permissionsets/Gone.permissionset-meta.xml`]: 'nowhere/Gone.permissionset-meta.xml' },
        findings: [
          {
            messageId: 'unreadableFile',
            path: `${D}/permissionsets/Gone.permissionset-meta.xml`,
            severity: 'error',
            message: ['ENOENT'],
          },
        ],
      },
      {
        name: 'malformed XML: where the parser stopped, line and column',
        files: {
          [PERMISSION_SET]: metadata(
            'PermissionSet',
            '    <label>Broken</label>\n    <userPermissions>\n        <name>ApiEnabled</name>',
          ),
        },
        findings: [
          {
            messageId: 'malformedXml',
            line: 6,
            column: 1,
            severity: 'error',
            message: ['malformed XML: closing tag </PermissionSet> does not match <userPermissions>'],
          },
        ],
      },
      {
        name: 'an unclosed attribute quote',
        files: {
          [PERMISSION_SET]: `<?xml version="1.0" encoding="UTF-8"?>\n<PermissionSet xmlns="${NS}>\n    <label>ERP</label>\n</PermissionSet>\n`,
        },
        findings: [{ messageId: 'malformedXml', line: 2, message: ['<PermissionSet>'] }],
      },
      {
        name: 'a binary file with a metadata suffix',
        files: { [PERMISSION_SET]: 'PK\u0003\u0004\u0000\u0000\u00ff\u00fe' },
        findings: [{ messageId: 'binary', line: 1, column: 1, message: ['binary'] }],
      },
      {
        name: 'an empty file',
        files: { [PERMISSION_SET]: '' },
        findings: [{ messageId: 'empty', line: 1, column: 1, message: ['the file is empty'] }],
      },
      {
        name: 'a file of blank lines only is empty too',
        files: { [PERMISSION_SET]: '\n   \n' },
        findings: [{ messageId: 'empty', line: 1 }],
      },
      {
        name: 'malformed YAML spec: a tab as indentation',
        files: { 'integrations/erp.yaml': 'name: ERP\nowners:\n\tbusiness: Maria Lopez <maria.lopez@example.com>\n' },
        findings: [{ messageId: 'malformedSpec', line: 3, column: 1, message: ['cannot parse the spec'] }],
      },
      {
        name: 'a spec that is a list, not a mapping',
        files: { 'integrations/erp.yaml': '- name: ERP\n' },
        findings: [
          { messageId: 'malformedSpec', line: 1, column: 1, message: ['expected a mapping of keys at the top level'] },
        ],
      },
      {
        name: 'malformed JSON in a user definition',
        files: {
          'config/erp-user-def.json': '{\n  "Username": "erp.integration@acme.com"\n  "Email": "erp@acme.com"\n}\n',
        },
        findings: [{ messageId: 'malformedJson', line: 3, message: ['cannot parse the JSON file'] }],
      },
      {
        name: 'a file above maxFileBytes is reported, not read',
        files: {
          '.sf-integration-lint.yml': 'maxFileBytes: 1024\n',
          [PERMISSION_SET]: metadata('PermissionSet', `    <description>${'x'.repeat(2048)}</description>`),
        },
        findings: [{ messageId: 'tooLarge', path: PERMISSION_SET, message: ['MB limit', 'maxFileBytes'] }],
      },
    ],
  },
  { alongside: RULES },
);
