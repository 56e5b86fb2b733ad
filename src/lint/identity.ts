/** Generic identities: the name says nothing about which system uses them (integration@, apiuser@, admin@...). */
const GENERIC_LOCAL_PART =
  /^(integration|integrations|int|api|apiuser|api[._-]user|sf|sfdc|salesforce|sfconnector|sf[._-]connector|connector|admin|administrator|sysadmin|system|service|svc|service[._-]?account|middleware|etl|sync|automation|interface|data|batch)s?([._-]?(user|account|\d+))?$/i;

export function isGenericUsername(username: string): boolean {
  const at = username.indexOf('@');
  return GENERIC_LOCAL_PART.test(at < 0 ? username : username.slice(0, at));
}
