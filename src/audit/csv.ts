/**
 * Rows of an event log file (RFC 4180 CSV with a header row, as Salesforce writes them: every value quoted), one
 * row object per line keyed by the header's column names. Parsed incrementally, so a file of millions of API calls is
 * never held as rows.
 */
export type CsvRow = Record<string, string>;

/** Splits CSV text into records of fields; a quoted field may hold commas, quotes ("") and line breaks. */
function* records(text: string): Generator<string[]> {
  let field = '';
  let row: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.length > 1 || row[0] !== '') yield row;
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    yield row;
  }
}

/** The header and a generator of row objects. */
export function csvRows(text: string): { header: string[]; rows: Generator<CsvRow> } {
  const all = records(text.replace(/^\uFEFF/, ''));
  const first = all.next();
  const header = first.done ? [] : first.value.map((h) => h.trim());
  function* rows(): Generator<CsvRow> {
    for (const values of all) yield Object.fromEntries(header.map((h, i) => [h, values[i] ?? '']));
  }
  return { header, rows: rows() };
}
