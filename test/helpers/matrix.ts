/* eslint-disable camelcase -- object and field API names are not identifiers of ours */
import type { IntegrationSpec } from '../../src/spec/types.js';

const FLOWS = ['jwt-bearer', 'client-credentials', 'authorization-code'] as const;
const APPS = ['external-client-app', 'connected-app'] as const;
const LICENSES = ['integration', 'salesforce'] as const;
const REFRESH = [
  { policy: 'zero' },
  { policy: 'specific-lifetime', validity: 12, unit: 'hours' },
  { policy: 'specific-inactivity', validity: 3, unit: 'months' },
  { policy: 'infinite' },
] as const;

/** One spec per flow x app x license, plus the no-app case; the other options rotate so each appears. */
export function matrix(): Record<string, IntegrationSpec> {
  const specs: Record<string, IntegrationSpec> = {};
  let n = 0;
  for (const flow of FLOWS) {
    for (const app of APPS) {
      for (const license of LICENSES) {
        n++;
        const withIps = n % 2 === 1;
        specs[`m${n}.yaml`] = {
          name: `Matrix ${n} <R&D> "Q's"`,
          apiName: `Matrix_${n}`,
          description: `Flow ${flow}, app ${app}, license ${license} & friends <test>`,
          owners: { business: 'Biz Owner <biz@example.com>', technical: 'Tech Owner <tech@example.com>' },
          support: n % 3 === 0 ? 'Service desk, ext. 4411' : 'support@example.com',
          user: {
            username: `matrix${n}@example.com`,
            // Shell and sf --values traps: spaces, $, !, backticks, backslashes and one kind of quote.
            ...(n % 3 === 1 ? { firstName: 'Ops $HOME !x', lastName: "O'Neil \\ `id` Sync" } : {}),
            license,
            ...(license === 'salesforce' ? { licenseReason: 'Needs Chatter feeds the integration license lacks' } : {}),
            ...(withIps && n % 4 === 1 ? { profile: 'per-integration' as const } : {}),
          },
          auth: {
            flow,
            app,
            ...(flow === 'jwt-bearer' ? { certificate: 'certs/talkdesk.crt' } : {}),
            ...(flow === 'authorization-code' ? { callbackUrl: 'https://app.example.com/oauth/callback?x=1&y=2' } : {}),
            scopes: n % 2 === 0 ? ['api', 'refresh_token', 'openid'] : ['Api', 'CustomPermissions'],
            ...(withIps
              ? {
                  ipRanges: [
                    { start: '203.0.113.0', end: '203.0.113.255', ...(n % 3 ? { description: 'NAT <east>' } : {}) },
                  ],
                }
              : {}),
            ...(n % 4 === 2 ? { trustedIpRanges: [{ start: '198.51.100.0', end: '198.51.100.63' }] } : {}),
            refreshToken: { ...REFRESH[Math.floor(n / 2) % REFRESH.length] },
          },
          access: {
            objects: {
              Account: ['read', 'edit'],
              Invoice__c: ['modifyAll'],
              Contact: ['viewAll'],
              ns__Thing__c: ['create'],
              // Objects without object permissions, in turn: activities, a child object with its parent, sharing.
              ...[
                { Task: ['read', 'create'] },
                { Event: ['read'], Campaign: ['read', 'edit'], CampaignMember: ['create'] },
                { User: ['read'] },
              ][n % 3],
            },
            fields: {
              'Account.Phone': ['edit'],
              'Invoice__c.Amount__c': ['read'],
              'ns__Thing__c.ns__Code__c': ['edit'],
              ...[{ 'Task.Description': ['edit'], 'Task.CallType': ['edit'] }, { 'Activity.Call_Id__c': ['read'] }, {}][
                n % 3
              ],
            },
            userPermissions: n % 2 ? ['ApiEnabled', 'ViewRoles'] : [],
            bypassValidation: n % 5 !== 0,
          },
          lifecycle: { expires: '2030-01-01', review: 'annual', offboarding: ['Freeze | revoke', 'Deactivate'] },
        } as IntegrationSpec;
      }
    }
  }
  for (const license of LICENSES) {
    n++;
    specs[`m${n}.json`] = {
      name: `Matrix ${n}`,
      owners: { business: 'B <b@example.com>', technical: 'T <t@example.com>' },
      support: 'support@example.com',
      user: {
        username: `matrix${n}@example.com`,
        license,
        ...(license === 'salesforce' ? { licenseReason: 'Legacy middleware logs in with a password' } : {}),
      },
      auth: { flow: 'none', app: 'none' },
      access: { objects: { Case: ['read'] } },
    };
  }
  return specs;
}
