import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { XMLParser } from 'fast-xml-parser';
import { makeProject, remove } from '../helpers/project.js';
import { run } from '../helpers/generate.js';
import { REPO_ROOT } from '../helpers/schema.js';
import { SpecError, type GenerateResult } from '../../src/generate/generate.js';
import {
  ecaRecordNames,
  OBJECTS_WITHOUT_OBJECT_PERMISSIONS,
  PLATFORM_RULES,
  renderPlatformRules,
} from '../../src/shared/platformRules.js';

const BASE = `name: Phone Log
owners:
  business: Service <service@example.com>
  technical: CC engineering <cc@example.com>
support: cc@example.com
user:
  username: phone.log@example.com
`;

type Generated = { result: GenerateResult; read: (rel: string) => string; exists: (rel: string) => boolean };

async function generateOne(spec: string, body: (g: Generated) => void | Promise<void>): Promise<void> {
  const dir = makeProject({ 'phone.yaml': spec });
  try {
    const result = await run(dir);
    const meta = path.join(dir, 'force-app', 'main', 'default');
    await body({
      result,
      read: (rel) => readFileSync(path.join(meta, rel), 'utf8'),
      exists: (rel) => result.files.some((f) => f.path === `force-app/main/default/${rel}`),
    });
  } finally {
    remove(dir);
  }
}

async function problemsOf(spec: string): Promise<string[]> {
  const dir = makeProject({ 'phone.yaml': spec });
  try {
    await run(dir);
    return expect.fail('generate accepted the spec');
  } catch (e) {
    if (!(e instanceof SpecError)) throw e;
    return e.problems.map((p) => `${p.line ?? ''}:${p.column ?? ''} ${p.message}`);
  } finally {
    remove(dir);
  }
}

type PermissionSetXml = {
  PermissionSet: {
    objectPermissions?: Array<{ object: string }> | { object: string };
    userPermissions?: Array<{ name: string }> | { name: string };
    fieldPermissions?: Array<{ field: string; editable: boolean }> | { field: string; editable: boolean };
  };
};

function list<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function permissionSet(xml: string): {
  objects: string[];
  userPermissions: string[];
  fields: Array<{ field: string; editable: boolean }>;
} {
  const ps = (new XMLParser().parse(xml) as PermissionSetXml).PermissionSet;
  return {
    objects: list(ps.objectPermissions).map((o) => o.object),
    userPermissions: list(ps.userPermissions).map((u) => u.name),
    fields: list(ps.fieldPermissions),
  };
}

const PS = 'permissionsets/Phone_Log_Integration.permissionset-meta.xml';

describe('platform rules: tasks and events', () => {
  const cases: Array<{
    title: string;
    objects: string;
    fields?: string;
    objectPermissions: string[];
    userPermissions: string[];
    note: RegExp;
  }> = [
    {
      title: 'Task written: EditTask, no object permission',
      objects: 'Task: [read, create, edit]\n    Contact: [read]',
      fields: 'Task.Type: [edit]\n    Task.Description: [edit]',
      objectPermissions: ['Contact'],
      userPermissions: ['ApiEnabled', 'EditTask'],
      note: /Task: .*no object permissions on tasks.*EditTask/,
    },
    {
      title: 'Event created only: EditEvent',
      objects: 'Event: [create]',
      objectPermissions: [],
      userPermissions: ['ApiEnabled', 'EditEvent'],
      note: /Event: .*EditEvent/,
    },
    {
      title: 'both activity objects, with delete: both permissions, once each',
      objects: 'Task: [delete]\n    Event: [edit]\n    Account: [read]',
      objectPermissions: ['Account'],
      userPermissions: ['ApiEnabled', 'EditEvent', 'EditTask'],
      note: /Task: .*EditTask/,
    },
    {
      title: 'Task read only: no permission at all (reading follows the related records), fields stay',
      objects: 'Task: [read]',
      fields: 'Task.WhatId: [read]',
      objectPermissions: [],
      userPermissions: ['ApiEnabled'],
      note: /reading them needs none/,
    },
    {
      title: 'lower-case spelling is the same object',
      objects: 'task: [create]',
      objectPermissions: [],
      userPermissions: ['ApiEnabled', 'EditTask'],
      note: /Task: /,
    },
  ];
  for (const c of cases) {
    it(c.title, () =>
      generateOne(
        `${BASE}access:\n  objects:\n    ${c.objects}\n${c.fields ? `  fields:\n    ${c.fields}\n` : ''}`,
        ({ result, read }) => {
          const ps = permissionSet(read(PS));
          for (const object of Object.keys(OBJECTS_WITHOUT_OBJECT_PERMISSIONS))
            expect(ps.objects).not.to.include(object);
          expect(ps.objects).to.deep.equal(c.objectPermissions);
          expect(ps.userPermissions).to.deep.equal(c.userPermissions);
          expect(result.integrations[0].notes.join('\n')).to.match(c.note);
          if (c.fields) expect(ps.fields.map((f) => f.field)).to.have.length(c.fields.split('\n').length);
        },
      ),
    );
  }

  it('near miss: an object whose name merely contains Task keeps its object permission', () =>
    generateOne(
      `${BASE}access:\n  objects:\n    TaskRay__c: [read, edit]\n    Task_Log__c: [create]\n`,
      ({ result, read }) => {
        const ps = permissionSet(read(PS));
        expect(ps.objects).to.deep.equal(['Task_Log__c', 'TaskRay__c']);
        expect(ps.userPermissions).to.deep.equal(['ApiEnabled']);
        expect(result.integrations[0].notes).to.deep.equal([]);
      },
    ));

  it('EditTask asked for by name as well as through Task is written once', () =>
    generateOne(`${BASE}access:\n  objects:\n    Task: [edit]\n  userPermissions: [EditTask]\n`, ({ read }) => {
      expect(permissionSet(read(PS)).userPermissions).to.deep.equal(['ApiEnabled', 'EditTask']);
    }));

  it('viewAll and modifyAll on an activity object are refused, naming the object', async () => {
    const problems = await problemsOf(
      `${BASE}access:\n  objects:\n    Task: [read, viewAll]\n    Event: [modifyAll]\n`,
    );
    expect(problems).to.have.length(2);
    expect(problems.join('\n')).to.match(/Task has no viewAll.*View All Data/);
    expect(problems.join('\n')).to.match(/Event has no modifyAll/);
  });

  it('an editable Task field on a read-only Task is contradictory, as on any object', async () => {
    const problems = await problemsOf(
      `${BASE}access:\n  objects:\n    Task: [read]\n  fields:\n    Task.Type: [edit]\n`,
    );
    expect(problems.join('\n')).to.match(/contradictory permissions: Task.Type is editable but Task is read-only/);
  });

  it('call fields take no field-level security: no field permission, a note instead', () =>
    generateOne(
      `${BASE}access:\n  objects:\n    Task: [create, edit]\n  fields:\n    Task.CallType: [edit]\n    Task.CallDurationInSeconds: [edit]\n    Task.Description: [edit]\n`,
      ({ result, read }) => {
        expect(permissionSet(read(PS)).fields.map((f) => f.field)).to.deep.equal(['Task.Description']);
        expect(result.integrations[0].notes.filter((n) => n.includes('no field-level security'))).to.deep.equal([
          'Task: CallType, CallDurationInSeconds take no field-level security; whoever may edit the task may set them, so no field permission was written.',
        ]);
      },
    ));

  it('a custom activity field is granted on Task and Event (never Activity), for the ones listed', async () => {
    await generateOne(
      `${BASE}access:\n  objects:\n    Task: [edit]\n    Event: [read]\n  fields:\n    Activity.Call_Id__c: [read]\n`,
      ({ read }) => {
        expect(permissionSet(read(PS)).fields.map((f) => f.field)).to.deep.equal([
          'Event.Call_Id__c',
          'Task.Call_Id__c',
        ]);
      },
    );
    await generateOne(
      `${BASE}access:\n  objects:\n    Task: [edit]\n  fields:\n    Activity.Call_Id__c: [edit]\n`,
      ({ read }) => {
        expect(permissionSet(read(PS)).fields).to.deep.equal([
          { editable: true, field: 'Task.Call_Id__c', readable: true },
        ]);
      },
    );
    const problems = await problemsOf(
      `${BASE}access:\n  objects:\n    Account: [read]\n  fields:\n    Activity.Call_Id__c: [read]\n`,
    );
    expect(problems.join('\n')).to.match(/field of tasks and events, but neither Task nor Event is in access.objects/);
  });

  it('a child object follows its parent: no object permission with the parent listed, refused without it', async () => {
    await generateOne(
      `${BASE}access:\n  objects:\n    Campaign: [read, edit]\n    CampaignMember: [read, create, edit]\n    Lead: [read]\n  fields:\n    CampaignMember.Status: [edit]\n`,
      ({ result, read }) => {
        const ps = permissionSet(read(PS));
        expect(ps.objects).to.deep.equal(['Campaign', 'Lead']);
        expect(ps.fields.map((f) => f.field)).to.deep.equal(['CampaignMember.Status']);
        expect(result.integrations[0].notes.join('\n')).to.match(/CampaignMember: .*follows the Campaign/);
      },
    );
    const problems = await problemsOf(`${BASE}access:\n  objects:\n    OpportunityLineItem: [read]\n`);
    expect(problems).to.have.length(1);
    expect(problems[0]).to.match(
      /OpportunityLineItem takes no object permissions: .*Add Opportunity under access.objects/,
    );
  });

  it('users and files follow sharing: no object permission', () =>
    generateOne(
      `${BASE}access:\n  objects:\n    User: [read]\n    ContentVersion: [read, create]\n`,
      ({ result, read }) => {
        expect(permissionSet(read(PS)).objects).to.deep.equal([]);
        expect(result.integrations[0].notes).to.have.length(2);
      },
    ));

  it('the register says how activity access is granted', () =>
    generateOne(`${BASE}access:\n  objects:\n    Task: [read, create]\n    Event: [read]\n`, ({ result }) => {
      expect(result.integrations[0].notes).to.have.length(2);
    }));
});

describe('platform rules: login IP ranges live on the profile', () => {
  const RANGES =
    'auth:\n  flow: client-credentials\n  ipRanges:\n    - { start: 203.0.113.0, end: 203.0.113.31, description: NAT }\n';
  const PROFILE = 'profiles/Phone_Log_API_Only.profile-meta.xml';
  const ECA_SETTINGS = 'extlClntAppOauthSettings/Phone_Log_Integration_oauth.ecaOauth-meta.xml';

  it('ranges without user.profile: a profile of its own carries them as login IP ranges; the app trusts nothing', () =>
    generateOne(`${BASE}${RANGES}`, ({ result, read, exists }) => {
      expect(exists(PROFILE)).to.equal(true);
      const profile = read(PROFILE);
      expect(profile).to.contain('<startAddress>203.0.113.0</startAddress>');
      expect(profile).to.contain('<endAddress>203.0.113.31</endAddress>');
      expect(profile).to.contain('<name>ApiUserOnly</name>');
      expect(profile).to.contain('<userLicense>Salesforce Integration</userLicense>');
      expect(read(ECA_SETTINGS)).not.to.contain('IpRanges');
      expect(result.integrations[0].notes.join('\n')).to.match(/login IP ranges of the profile Phone_Log_API_Only/);
    }));

  it('user.profile standard with ranges is refused, saying why an app cannot restrict logins', async () => {
    const problems = await problemsOf(`${BASE}  profile: standard\n${RANGES}`);
    expect(problems).to.have.length(1);
    expect(problems[0]).to.match(/^8:\d+ user.profile standard cannot enforce auth.ipRanges/);
    expect(problems[0]).to.match(/trusted ranges .* not an allow-list/);
  });

  it('trustedIpRanges go to the app only, as trusted ranges (External Client App and connected app)', async () => {
    const trusted =
      'auth:\n  flow: client-credentials\n  trustedIpRanges:\n    - { start: 198.51.100.0, end: 198.51.100.255 }\n';
    await generateOne(`${BASE}${trusted}`, ({ read, exists }) => {
      expect(exists(PROFILE)).to.equal(false);
      expect(read(ECA_SETTINGS)).to.contain('<trustedIpRanges>');
      expect(read(ECA_SETTINGS)).to.contain('<startIpAddress>198.51.100.0</startIpAddress>');
    });
    await generateOne(
      `${BASE}${trusted.replace('flow: client-credentials', 'flow: client-credentials\n  app: connected-app')}`,
      ({ read }) => {
        const app = read('connectedApps/Phone_Log_Integration.connectedApp-meta.xml');
        expect(app).to.contain('<ipRanges>');
        expect(app).to.contain('<start>198.51.100.0</start>');
      },
    );
  });

  it('near miss: login ranges on a connected-app spec are not copied onto the app', () =>
    generateOne(
      `${BASE}${RANGES.replace('flow: client-credentials', 'flow: client-credentials\n  app: connected-app')}`,
      ({ read }) => {
        expect(read('connectedApps/Phone_Log_Integration.connectedApp-meta.xml')).not.to.contain('<ipRanges>');
        expect(read(PROFILE)).to.contain('<loginIpRanges>');
      },
    ));

  it('trusted ranges without an app are refused', async () => {
    const problems = await problemsOf(
      `${BASE}auth:\n  flow: none\n  trustedIpRanges:\n    - { start: 198.51.100.0, end: 198.51.100.9 }\n`,
    );
    expect(problems.join('\n')).to.match(/trustedIpRanges are trusted ranges of an OAuth app, but auth.flow is none/);
  });

  it('a range that ends before it starts is refused in either list', async () => {
    const problems = await problemsOf(`${BASE}auth:\n  trustedIpRanges:\n    - { start: 10.0.0.9, end: 10.0.0.1 }\n`);
    expect(problems.join('\n')).to.match(/IP range 10.0.0.9-10.0.0.1 ends before it starts/);
  });
});

describe('platform rules: the table', () => {
  it('every rule names a public reference and says whether it is confirmed', () => {
    for (const r of PLATFORM_RULES) {
      expect(r.references.length, r.id).to.be.greaterThan(0);
      for (const ref of r.references)
        expect(ref.url, r.id).to.match(/^https:\/\/(developer|help)\.salesforce\.com\/|^https:\/\/github\.com\//);
      expect(r.id).to.match(/^[a-z]+(-[a-z]+)*$/);
    }
    expect(new Set(PLATFORM_RULES.map((r) => r.id)).size).to.equal(PLATFORM_RULES.length);
  });

  it('docs/platform-rules.md is the table as rendered (run npm run docs after changing it)', () => {
    expect(readFileSync(path.join(REPO_ROOT, 'docs', 'platform-rules.md'), 'utf8')).to.equal(renderPlatformRules());
  });

  it('the README links the table', () => {
    expect(readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8')).to.contain('(docs/platform-rules.md)');
  });
});

describe('README: the checklist excerpt', () => {
  it('is the stage 2 block of the committed Talkdesk checklist, verbatim', () => {
    const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const checklist = readFileSync(path.join(REPO_ROOT, 'integrations', 'setup', 'Talkdesk.md'), 'utf8');
    const block = (text: string, after: string): string => {
      const start = text.indexOf('```sh\n', text.indexOf(after));
      return text.slice(start, text.indexOf('```\n', start + 6) + 4);
    };
    const excerpt = block(readme, 'Stage 2 of the checklist for the Talkdesk example');
    expect(excerpt).to.contain('sf data create record --sobject User');
    expect(excerpt).to.equal(block(checklist, '## Stage 2: the user'));
  });
});

describe('platform rules: External Client App records as the platform names them', () => {
  it('every record file is named <App>_glbloauth, _oauth, _oauthPlcy, _plcy and labelled with its name', () =>
    generateOne(`${BASE}auth:\n  flow: client-credentials\n`, ({ read, exists }) => {
      const names = ecaRecordNames('Phone_Log_Integration');
      const files = {
        [`extlClntAppGlobalOauthSets/${names.globalOauth}.ecaGlblOauth-meta.xml`]: names.globalOauth,
        [`extlClntAppOauthSettings/${names.oauthSettings}.ecaOauth-meta.xml`]: names.oauthSettings,
        [`extlClntAppOauthPolicies/${names.oauthPolicies}.ecaOauthPlcy-meta.xml`]: names.oauthPolicies,
        [`extlClntAppPolicies/${names.policies}.ecaPlcy-meta.xml`]: names.policies,
      };
      expect(Object.values(names)).to.deep.equal([
        'Phone_Log_Integration_glbloauth',
        'Phone_Log_Integration_oauth',
        'Phone_Log_Integration_oauthPlcy',
        'Phone_Log_Integration_plcy',
      ]);
      for (const [file, name] of Object.entries(files)) {
        expect(exists(file), file).to.equal(true);
        expect(read(file), file).to.contain(`<label>${name}</label>`);
        expect(read(file), file).to.contain(
          '<externalClientApplication>Phone_Log_Integration</externalClientApplication>',
        );
      }
      expect(read('externalClientApps/Phone_Log_Integration.eca-meta.xml')).to.contain(
        '<label>Phone Log Integration</label>',
      );
    }));

  it('a connected app is still written on request, with a warning that creating one needs Salesforce Support', () =>
    generateOne(`${BASE}auth:\n  flow: client-credentials\n  app: connected-app\n`, ({ result, exists }) => {
      expect(exists('connectedApps/Phone_Log_Integration.connectedApp-meta.xml')).to.equal(true);
      expect(result.warnings.join('\n')).to.match(
        /since Spring '26 Salesforce refuses to create new connected apps .* unless Salesforce Support enables it/,
      );
    }));

  it('near miss: an External Client App gets no connected-app warning', () =>
    generateOne(`${BASE}auth:\n  flow: client-credentials\n`, ({ result }) => {
      expect(result.warnings.join('\n')).not.to.match(/connected app/);
    }));
});
