/**
 * Whether a literal value is a secret, as a reviewer would judge it: not a placeholder, not a name (of a header, a
 * parameter, a field), not a URL or a sentence, not an obvious test dummy; and either a known token format or a
 * string with the shape of a credential. Rules combine this with where the value sits (a test class, a mock).
 */

export type SecretStrength = 'none' | 'weak' | 'strong';

/** Values that stand in for a secret rather than being one (Placeholder_Value is what retrieve writes for an auth provider's secret). */
export const PLACEHOLDER =
  /^(|\*+|x+|<[^>]*>|\$\{[^}]*\}|\{![^}]*\}|\{\{[^}]*\}\}|%[A-Z_]+%|(replace|change)[_ -]?me|todo|tbd|placeholder([_ -]?value)?|redacted|dummy|secret|password|null|none|n\/a|your[_ -]?\w*)$/i;

/** Parts of a value that mark it as a test or documentation dummy. */
const DUMMY_MARKERS =
  /test|dummy|fake|sample|example|mock|stub|foo|bar\b|baz|qux|lorem|changeme|changeit|placeholder|invalid|abc123|qwerty|letmein|123456|password|passw0rd|p@ssw0rd|secret|mytoken|mykey|^(token|key|value|pass|pwd)\d*$/i;

/** A name rather than a value: an identifier, a header (X-Api-Key, Authorization), a parameter (access_token, client-secret). */
const NAME_LIKE = /^[A-Za-z][A-Za-z]*(?:[_.:-][A-Za-z]+)*$/;

function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) bits -= (n / value.length) * Math.log2(n / value.length);
  return bits;
}

function characterClasses(value: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(value)).length;
}

/** True for a value made of few distinct characters or a run (aaaaaaaa, 12345678, abcdefgh). */
function lowVariety(value: string): boolean {
  if (new Set(value).size <= 3) return true;
  const codes = [...value].map((c) => c.charCodeAt(0));
  return codes.every((c, i) => i === 0 || c - codes[i - 1] === 1);
}

/**
 * `slot`: the value sits where only a secret goes (a <password> or <consumerSecret> element), so a plain word is a
 * weak password rather than a name; elsewhere (an Apex literal assigned to apiKey) a plain word is a name.
 */
export function secretStrength(raw: string, slot = false): SecretStrength {
  const value = raw.trim();
  if (PLACEHOLDER.test(value) || (!slot && (/\s/.test(value) || (NAME_LIKE.test(value) && value.length <= 30))))
    return 'none';
  if (/^(https?|ftp|callout):|^\/|^www\./i.test(value) || /^[\w.+-]+@[\w-]+\.[\w.-]+$/.test(value)) return 'none';
  if (DUMMY_MARKERS.test(value) || lowVariety(value)) return 'none';
  if (value.length >= 20 && entropy(value) >= 3.5) return 'strong';
  if (value.length >= 8 && characterClasses(value) >= 3) return 'strong';
  return 'weak';
}

/** A value containing one of these is documentation (AWS's AKIAIOSFODNN7EXAMPLE) or a test fixture, not a live token. */
export function isDummyToken(token: string): boolean {
  return /example|test|dummy|fake|sample|x{6,}|0{8,}/i.test(token);
}

/**
 * Apex that only runs in tests or fakes a service: @IsTest classes, testMethod, and classes named as mocks, stubs or
 * tests (a mock HTTP response generator). Their literals are fixtures, not credentials a deploy ships to use.
 */
export function isTestSource(className: string, source: string): boolean {
  return (
    /@\s*istest\b|\btestmethod\b/i.test(source) ||
    /(^|_)(test|tests|mock|mocks|stub|fake)(_|$)/i.test(className) ||
    /Tests?$|Mock|Stub|^Fake/.test(className)
  );
}

/**
 * A field or parameter named for a secret (Api_Token__c, Client_Secret__c, password), not one about a secret
 * (Token_URL__c, Token_Type__c, Secret_Name__c). The namespace prefix (ns_secrets__Scope__c) is not part of the name.
 */
export function namesSecret(fieldName: string): boolean {
  const local = fieldName.replace(/__(c|mdt)$/i, '').replace(/^[A-Za-z0-9]+(?:_[A-Za-z0-9]+)*__/, '');
  const words = local
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const joined = words.join('');
  const secretWord =
    words.some((w) => /^(secret|password|passwd|pwd|token|apikey|privatekey|passphrase)s?$/.test(w)) ||
    /apikey|privatekey|clientsecret|accesstoken|refreshtoken/.test(joined);
  const aboutIt = words.some((w) =>
    /^(url|uri|endpoint|host|path|name|type|label|expiry|expires|expiration|date|time|length|scope|scopes|header|param|parameter|field|key?name|id|format|policy|reset|changed|hint|required|enabled|flag)$/.test(
      w,
    ),
  );
  return secretWord && !aboutIt;
}
