import path from 'node:path';
import { expect } from 'chai';
import { reportScope } from '../../src/lint/scope.js';

const ROOT = path.resolve('/project');
const FILES = [
  'sfdx-project.json',
  'force-app/main/default/classes/A.cls',
  'force-app/main/default/classes/B.cls',
  'force-app/main/default/objects/Account/fields/X__c.field-meta.xml',
  'force-app/main/default/objects/Account/Account.object-meta.xml',
  'force-app/main/default/objects/Contact/fields/Y__c.field-meta.xml',
  'force-app/main/default/workflows/Lead.workflow-meta.xml',
  'integrations/talkdesk.yaml',
];
const parent = (p: string): string => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');
const FOLDERS = [...new Set(FILES.map(parent))];

describe('lint/scope: the files a pre-commit run reports on, and the folders that can hold them', () => {
  const cases: Array<{ paths: string[]; folders: string[] }> = [
    { paths: ['force-app/main/default/classes/A.cls'], folders: ['force-app/main/default/classes'] },
    {
      paths: ['force-app/main/default/objects'],
      folders: [
        'force-app/main/default/objects/Account/fields',
        'force-app/main/default/objects/Account',
        'force-app/main/default/objects/Contact/fields',
      ],
    },
    {
      paths: ['force-app/main/default/objects/Account/'],
      folders: ['force-app/main/default/objects/Account/fields', 'force-app/main/default/objects/Account'],
    },
    { paths: ['sfdx-project.json', 'integrations/talkdesk.yaml'], folders: ['', 'integrations'] },
    { paths: ['.'], folders: FOLDERS },
    // A prefix of a folder name is not that folder.
    { paths: ['force-app/main/default/class'], folders: [] },
  ];
  for (const { paths, folders } of cases) {
    it(`${paths.join(', ')}: a folder can hold a file in scope exactly when one of its files is`, async () => {
      const scope = await reportScope({ projectRoot: ROOT, paths: paths.map((p) => path.join(ROOT, p)) });
      expect(scope).to.not.equal(undefined);
      for (const file of FILES) if (scope?.(file)) expect(scope.mayHoldFilesIn(parent(file)), file).to.equal(true);
      expect(FOLDERS.filter((dir) => scope?.mayHoldFilesIn(dir))).to.have.members(folders);
    });
  }

  it('no paths and no ref: the whole project, no scope', async () => {
    expect(await reportScope({ projectRoot: ROOT })).to.equal(undefined);
  });
});
