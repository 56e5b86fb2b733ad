/** How `sf data create record --values` (plugin-data's key=value parser) reads values: shared by spec checks and the checklist. */

/** A value for `sf data create record --values`: quoted so the CLI's parser keeps it whole. */
export function sfValue(value: string): string {
  if (/^[A-Za-z0-9@._+\-/]+$/.test(value) && !/^(true|false)$/i.test(value)) return value;
  // The parser ignores a quote inside the other kind, and has no escapes: one kind must be free.
  return value.includes("'") ? `"${value}"` : `'${value}'`;
}

/** Why `value` cannot be passed through `sf data create record --values`, or undefined. */
export function sfValueProblem(value: string): string | undefined {
  if (value.includes("'") && value.includes('"'))
    return 'holds both \' and ", which the --values parser of sf data create record cannot pass; remove one of them';
  return undefined;
}
