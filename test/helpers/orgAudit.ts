import { Org } from '@salesforce/core';
import { MockTestOrgData, TestContext } from '@salesforce/core/testSetup';
import sinon from 'sinon';
import { connectionSource, type AuditSource } from '../../src/audit/sources.js';
import type { FixtureOrg } from './orgFixture.js';
import { OrgSimulator, type SimulatorOptions } from './orgSimulator.js';

type ConnectionAnswer = ReturnType<TestContext['fakeConnectionRequest']>;

/**
 * The audit's org source over @salesforce/core's real Connection, its requests answered by the org simulator through
 * TestContext's fakeConnectionRequest (as Salesforce's own plugins test). Call inside a describe: it registers the
 * TestContext's hooks. Returns a maker of sources, one simulator per call (its requests are kept for assertions).
 */
export function simulatedOrgSources(): (
  org: FixtureOrg,
  options?: SimulatorOptions,
) => Promise<{ source: AuditSource; simulator: OrgSimulator }> {
  const $$ = new TestContext({ sinon });
  const testOrg = new MockTestOrgData();
  beforeEach(async () => {
    await $$.stubAuths(testOrg);
  });
  afterEach(() => $$.restore());
  return async (org, options = {}) => {
    const simulator = new OrgSimulator(org, options);
    $$.fakeConnectionRequest = (request): ConnectionAnswer => {
      const { method, url } =
        typeof request === 'string' ? { method: 'GET', url: request } : (request as { method?: string; url: string });
      const answer = simulator.handle(method ?? 'GET', url);
      if (answer.status >= 400) {
        const [first] = answer.body as Array<{ errorCode: string; message: string }>;
        return Promise.reject(
          Object.assign(new Error(first.message), { name: first.errorCode, errorCode: first.errorCode }),
        );
      }
      return Promise.resolve(answer.body as Awaited<ConnectionAnswer>);
    };
    const connection = (await Org.create({ aliasOrUsername: testOrg.username })).getConnection();
    return { source: connectionSource(connection, `org ${testOrg.username}`), simulator };
  };
}
