/**
 * What only a person knows in a spec: `sf integration inventory` writes drafts with these values marked, and
 * `generate` refuses a spec that still has one, saying what to write. One module, so the two agree on the marker.
 */
export const DRAFT_PLACEHOLDER = 'FILL IN';

/** The spec keys a draft leaves to people, with what belongs there. */
export const DRAFT_FIELDS = [
  { at: ['owners', 'business'], what: 'who decides what the system may do (name and email)' },
  { at: ['owners', 'technical'], what: 'who runs the integration (name and email)' },
  { at: ['support'], what: 'the support contact for incidents (an email address, queue or phone)' },
  { at: ['user', 'username'], what: "the integration user's username, int_<system>@<your org's domain>" },
] as const;

/** The username entry: a draft leaves it to people only when no username of the org shows the org's domain. */
export const USERNAME_FIELD = DRAFT_FIELDS[3];

/** The draft's value for a key: the marker and what belongs there, so the file says it to whoever opens it. */
export function draftPlaceholder(what: string): string {
  return `${DRAFT_PLACEHOLDER}: ${what}`;
}

export function isDraftPlaceholder(value: unknown): boolean {
  return typeof value === 'string' && value.trim().toUpperCase().startsWith(DRAFT_PLACEHOLDER);
}

/** The keys of a spec that still hold a draft's placeholder, with what belongs there. */
export function unfilledDraftFields(spec: Record<string, unknown>): Array<{ at: string[]; what: string }> {
  return DRAFT_FIELDS.filter(({ at }) => {
    let node: unknown = spec;
    for (const key of at) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
    return isDraftPlaceholder(node);
  }).map(({ at, what }) => ({ at: [...at], what }));
}
