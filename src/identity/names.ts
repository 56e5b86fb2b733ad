import { INTEGRATION_WORDS, vendorOfWord, type IntegrationVendor } from './vendors.js';

/**
 * What the names people give a component say about it. One word splitter for every reader (which system, is this an
 * integration's profile, is this an integration's OAuth app), so they all read `Mule_ProdUser` as the same words.
 */

/** The words of a name, label or sentence: camelCase and separators split, lower-cased, nothing dropped. */
export function nameWords(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

const INTEGRATION_WORD_SET = new Set<string>(INTEGRATION_WORDS);
/** Words in a description that say who the component is for; "API" alone is too common in descriptions of people's things. */
const DESCRIPTION_INTENT =
  /\b(integrations?|middleware|etl|connectors?|service accounts?|api[- ]only|api users?|system users?|application users?|ipaas)\b/i;
/** "Assigned to people, never to integration users" says the opposite. */
const NEGATED = /\b(never|not|no|nor|except|non)\b[^.;]*$/i;

/** A name or description that says "integration": the vocabulary word or the vendor it names, and where. */
export type IntegrationNameEvidence = { source: 'name' | 'description' } & (
  { word: string } | { vendor: IntegrationVendor }
);

/**
 * What a component's names (API name, label) and description say about it being an integration's: the first
 * integration word (sync, api, etl, "data loader" written as two words...) or known vendor of a name, else the
 * description's stated intent or vendor.
 */
export function integrationNameEvidence(
  names: Array<string | undefined>,
  description?: string,
): IntegrationNameEvidence | undefined {
  for (const value of names) {
    if (!value) continue;
    const single = nameWords(value);
    // "Data Loader", "Source Control": a vocabulary word may be written as two.
    const words = [...single, ...single.slice(1).map((w, i) => `${single[i]}${w}`)];
    const word = words.find((w) => INTEGRATION_WORD_SET.has(w));
    if (word) return { source: 'name', word };
    const vendor = words.map(vendorOfWord).find(Boolean);
    if (vendor) return { source: 'name', vendor };
  }
  if (!description) return undefined;
  const said = DESCRIPTION_INTENT.exec(description);
  if (said && !NEGATED.test(description.slice(Math.max(0, said.index - 40), said.index)))
    return { source: 'description', word: said[0] };
  const vendor = nameWords(description).map(vendorOfWord).find(Boolean);
  return vendor ? { source: 'description', vendor } : undefined;
}

/** The evidence as a short phrase: `name says "sync"`, `named for MuleSoft`, `description says "integration"`, `description names Boomi`. */
export function describeNameEvidence(evidence: IntegrationNameEvidence): string {
  if ('word' in evidence) return `${evidence.source} says "${evidence.word}"`;
  return evidence.source === 'name' ? `named for ${evidence.vendor.name}` : `description names ${evidence.vendor.name}`;
}
