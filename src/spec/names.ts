/**
 * Salesforce developer names: start with a letter; letters, digits and single underscores; no trailing
 * underscore. Every generated file name is built from one, so a name that fails here never reaches a path.
 */
const DEVELOPER_NAME = /^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*$/;

/** Longest API name a spec may use: the longest suffix we append ('_Bypass_Validation') keeps names within 80. */
export const MAX_API_NAME_LENGTH = 40;

export function isDeveloperName(name: string, maxLength = 80): boolean {
  return name.length <= maxLength && DEVELOPER_NAME.test(name) && !name.endsWith('_');
}

/**
 * Derives an API name from a system name by turning spaces and hyphens into underscores. Anything else that
 * is not a letter or digit makes the name underivable (returns undefined): we never strip characters, so
 * `../x` is rejected instead of quietly becoming `x`.
 */
export function deriveApiName(name: string): string | undefined {
  const trimmed = name.trim();
  if (!/^[A-Za-z0-9 _-]+$/.test(trimmed)) return undefined;
  const candidate = trimmed
    .split(/[ _-]+/)
    .filter(Boolean)
    .join('_');
  return isDeveloperName(candidate, MAX_API_NAME_LENGTH) ? candidate : undefined;
}

/** Explains what is wrong with a would-be API name, for the error message. */
export function explainBadApiName(name: string): string {
  if (name.length > MAX_API_NAME_LENGTH)
    return `it is ${name.length} characters long; the limit is ${MAX_API_NAME_LENGTH}`;
  if (!/^[A-Za-z]/.test(name)) return 'it must start with a letter';
  if (name.includes('__')) return 'it must not contain two underscores in a row';
  if (name.endsWith('_')) return 'it must not end with an underscore';
  const bad = [...new Set(name.replace(/[A-Za-z0-9_]/g, ''))].join('');
  return `it contains characters that are not letters, digits or underscores: ${JSON.stringify(bad)}`;
}

/** Object API names: standard (Account), custom (Invoice__c), namespaced (ns__Invoice__c), and the other suffixes. */
const OBJECT_NAME =
  /^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*(?:__(?:[A-Za-z](?:[A-Za-z0-9]|_(?!_))*))?(?:__(?:c|mdt|e|x|b|kav|ka|Share|History|Feed|ChangeEvent))?$/;
const FIELD_NAME = /^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*(?:__(?:[A-Za-z](?:[A-Za-z0-9]|_(?!_))*))?(?:__c)?$/;

export function isObjectName(name: string): boolean {
  return name.length <= 80 && OBJECT_NAME.test(name) && !name.endsWith('_');
}

export function isFieldName(name: string): boolean {
  return name.length <= 80 && FIELD_NAME.test(name) && !name.endsWith('_');
}

/** A user alias (at most 8 characters) from the API name. */
export function deriveAlias(apiName: string): string {
  return apiName.replace(/_/g, '').slice(0, 8).toLowerCase();
}

/** The names generate gives an integration's components, from its API name: lint and inventory use the same. */
export function generatedNames(apiName: string): {
  permissionSet: string;
  customPermission: string;
  app: string;
  profile: string;
} {
  return {
    permissionSet: `${apiName}_Integration`,
    customPermission: `${apiName}_Bypass_Validation`,
    app: `${apiName}_Integration`,
    profile: `${apiName}_API_Only`,
  };
}

/** A spec's API name as generate resolves it (explicit apiName, else derived from name), or undefined when it has none. */
export function specApiName(data: { apiName?: unknown; name?: unknown }): string | undefined {
  if (typeof data.apiName === 'string')
    return isDeveloperName(data.apiName, MAX_API_NAME_LENGTH) ? data.apiName : undefined;
  return typeof data.name === 'string' ? deriveApiName(data.name) : undefined;
}
