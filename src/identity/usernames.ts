import { parse } from 'tldts';

/**
 * Salesforce usernames: compared case-insensitively, and a sandbox copies every username with `.<sandbox name>`
 * appended (maria@acme.com becomes maria@acme.com.uat, .fullcopy, .qa2 ...).
 */
export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase();
}

/** A sandbox name: letters and digits, starting with a letter, at most 10 characters (Salesforce's limit). */
const SANDBOX_NAME = /^[a-z][a-z0-9]{0,9}$/;

/**
 * The username a sandbox copy may have been made from (maria@acme.com for maria@acme.com.uat): the address without
 * its last label, when that label can be a sandbox name and an address with a domain remains. Lower-cased input.
 */
export function sandboxBase(username: string): string | undefined {
  const at = username.indexOf('@');
  const dot = username.lastIndexOf('.');
  if (at < 0 || dot <= at) return undefined;
  const base = username.slice(0, dot);
  return base.slice(at + 1).includes('.') && SANDBOX_NAME.test(username.slice(dot + 1)) ? base : undefined;
}

/**
 * Maps each username to the user it is: a sandbox username (`<username>.<sandbox>`) folds onto its production
 * username when that appears too, whatever the sandbox name; two sandbox copies of one username fold together when
 * the appended label is no real top-level domain (maria@acme.com.uat and maria@acme.com.qa, but not
 * maria@acme.co.uk and maria@acme.co.nz).
 */
export function canonicalUsers(usernames: Iterable<string>): Map<string, string> {
  const all = new Set([...usernames].map(normalizeUsername));
  const out = new Map<string, string>([...all].map((u) => [u, u]));
  const variants = new Map<string, string[]>();
  for (const u of all) {
    const base = sandboxBase(u);
    if (base) variants.set(base, [...(variants.get(base) ?? []), u]);
  }
  for (const [base, list] of variants) {
    if (all.has(base)) list.forEach((v) => out.set(v, base));
    else {
      const sandboxOnly = list.filter((v) => !parse(v.slice(v.indexOf('@') + 1)).isIcann);
      if (sandboxOnly.length >= 2) sandboxOnly.forEach((v) => out.set(v, base));
    }
  }
  return out;
}

/** Generic identities: the name says nothing about which system uses them (integration@, apiuser@, admin@...). */
const GENERIC_LOCAL_PART =
  /^(integration|integrations|int|api|apiuser|api[._-]user|sf|sfdc|salesforce|sfconnector|sf[._-]connector|connector|admin|administrator|sysadmin|system|service|svc|service[._-]?account|middleware|etl|sync|automation|interface|data|batch)s?([._-]?(user|account|\d+))?$/i;

export function isGenericUsername(username: string): boolean {
  const at = username.indexOf('@');
  return GENERIC_LOCAL_PART.test(at < 0 ? username : username.slice(0, at));
}
