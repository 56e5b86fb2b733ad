import { getDomain, parse } from 'tldts';
import { nameWords } from './names.js';
import { vendorOfHost, vendorOfWord, type IntegrationVendor } from './vendors.js';

/**
 * What a usage says about the external system it serves, strongest evidence first: the endpoint's registrable domain
 * (public-suffix aware), a known vendor (by domain or by name), then the words of the names around it.
 */
export type SystemEvidence = {
  /** The endpoint's host as shown to people: never the credentials a URL may embed. */
  host?: string;
  /** The system the endpoint names: `vendor:<id>`, `domain:<registrable domain>`, `ip:<a.b.c>`, `tenant:<host>`. */
  endpointKey?: string;
  vendor?: IntegrationVendor;
  /** Significant words of the names (component, label, description): vendor, product or system names. */
  words: Set<string>;
};

/**
 * Words that say nothing about which external system something belongs to: integration plumbing, actions, common
 * objects, environments, connectors.
 */
const STOP_WORDS = new Set(
  (
    'integration integrations int app apps connected eca oauth plcy policy policies user users def definition api sync connector connectors ' +
    'service services svc outbound message messages msg om email emails handler subscriber config the sf sfdc salesforce glbloauth plugin ' +
    'client credentials flow flows run runas execution www hooks hook webhook webhooks login my com net org io co uk de eu us na prod production sandbox ' +
    'dev test testing uat qa sit stage staging preprod demo https http rest soap v1 v2 v3 inbound notification notifications notify listener endpoint callback ' +
    'to from for of on in and or by at with new old updated update updates create created insert upsert delete deleted send sent push pull post get put ' +
    'trigger triggered changed change status outbound workflow rule process event events record records data info details detail ' +
    'account accounts contact contacts lead leads opportunity opportunities opp case cases order orders quote quotes product products task tasks ' +
    'asset assets contract contracts campaign campaigns invoice invoices payment payments customer customers object objects field fields item items ' +
    'request requests response callout callouts export import sender receiver source target system systems external internal main primary secondary ' +
    'legacy copy clone temp tmp backup'
  ).split(' '),
);

/** Significant words of a name: camelCase and separators split, lower-cased, stop words, numbers and the org's own name out. */
export function significantWords(text: string, exclude: ReadonlySet<string> = new Set()): Set<string> {
  return new Set(
    nameWords(text).filter((w) => w.length >= 2 && !STOP_WORDS.has(w) && !exclude.has(w) && !/^\d+$/.test(w)),
  );
}

/** Hosts that name no system: placeholders, documentation domains, local machines. */
const PLACEHOLDER_DOMAINS = new Set([
  'example.com',
  'example.org',
  'example.net',
  'test.com',
  'dummy.com',
  'dummyurl.com',
  'dummy.org',
  'foo.com',
  'bar.com',
  'abc.com',
  'xyz.com',
  'tbd.com',
  'na.com',
  'none.com',
  'placeholder.com',
  'yourdomain.com',
  'yourcompany.com',
  'company.com',
  'domain.com',
  'url.com',
  'endpoint.com',
  'requestb.in',
  'requestbin.com',
  'webhook.site',
  'mockbin.org',
  'postb.in',
  'beeceptor.com',
]);
const PLACEHOLDER_TLDS = new Set(['example', 'test', 'invalid', 'localhost', 'local', 'internal']);
/** Multi-tenant Salesforce hosts: the tenant (acme.my.salesforce.com) is the system, not salesforce.com. */
const TENANT_DOMAINS = new Set([
  'salesforce.com',
  'force.com',
  'salesforce-sites.com',
  'site.com',
  'cloudforce.com',
  'visualforce.com',
]);

/** The host of an endpoint URL, or undefined when it names no real host (http://1, an e-mail address, a merge field). */
export function endpointHost(url: string | undefined): string | undefined {
  const raw = url?.trim();
  if (!raw || /^mailto:/i.test(raw) || /^[^/:]+@[^/]+$/.test(raw) || raw.startsWith('{!')) return undefined;
  let host: string;
  try {
    host = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`).hostname.toLowerCase();
  } catch {
    return undefined;
  }
  if (!host.includes('.') && !host.startsWith('[')) return undefined;
  return host;
}

/**
 * The system an endpoint host names, or undefined for placeholders. `ownDomains` are the org's own registrable
 * domains (those of its usernames): on them each subdomain is a system of its own (erp.acme.com, soa.acme.com).
 */
export function endpointKey(
  host: string,
  ownDomains: ReadonlySet<string> = new Set(),
): { key: string; vendor?: IntegrationVendor } | undefined {
  const parsed = parse(host, { allowPrivateDomains: true });
  if (parsed.isIp) {
    if (/^(127\.|0\.)/.test(host) || host === '[::1]') return undefined;
    // Addresses of one subnet are one listener farm.
    return { key: `ip:${host.split('.').slice(0, 3).join('.')}` };
  }
  const tld = host.slice(host.lastIndexOf('.') + 1);
  const domain = getDomain(host, { allowPrivateDomains: true }) ?? undefined;
  if (
    !domain ||
    PLACEHOLDER_TLDS.has(tld) ||
    PLACEHOLDER_DOMAINS.has(domain) ||
    /^(dummy|fake|sample|test|example|placeholder)/.test(domain)
  )
    return undefined;
  const vendor = vendorOfHost(host);
  if (vendor) return { key: `vendor:${vendor.id}`, vendor };
  const icann = getDomain(host) ?? domain;
  if (TENANT_DOMAINS.has(icann)) return { key: `tenant:${host.split('.')[0]}.${icann}` };
  if (ownDomains.has(icann)) {
    const sub = host
      .slice(0, host.length - icann.length - 1)
      .split('.')
      .pop();
    const system = sub
      ?.replace(/[-_]?(prod|production|dev|test|uat|qa|sit|stage|staging|preprod|sandbox|sbx|int)\d*$/, '')
      .replace(/^(www|api|ws|services?)$/, '');
    return { key: system ? `own:${system}.${icann}` : `domain:${icann}` };
  }
  return { key: `domain:${domain}` };
}

/** The registrable domain of a username's e-mail domain (acme.com for maria@eu.acme.com). */
export function usernameDomain(username: string): string | undefined {
  const at = username.indexOf('@');
  return at < 0 ? undefined : (getDomain(username.slice(at + 1)) ?? undefined);
}

/** Evidence from an endpoint URL (if any) and the names around the usage. */
export function evidenceOf(options: {
  url?: string;
  names: Array<string | undefined>;
  exclude?: ReadonlySet<string>;
  ownDomains?: ReadonlySet<string>;
}): SystemEvidence {
  const words = new Set<string>();
  for (const name of options.names) if (name) for (const w of significantWords(name, options.exclude)) words.add(w);
  const host = endpointHost(options.url);
  const endpoint = host ? endpointKey(host, options.ownDomains) : undefined;
  // A real endpoint decides: a vendor word in a message's name (Send_To_OracleDB) does not move it off its host.
  const vendor = endpoint ? endpoint.vendor : [...words].map(vendorOfWord).find(Boolean);
  return { host: endpoint ? host : undefined, endpointKey: endpoint?.key, vendor, words };
}
