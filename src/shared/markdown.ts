/** A Markdown table cell: pipes escaped, line breaks flattened. */
export function markdownCell(value: string | number | undefined): string {
  return String(value ?? '')
    .replace(/\r?\n/g, ' ')
    .replace(/\|/g, '\\|');
}

/** A Markdown table: the header, its rule, and one line per row. Used by the inventory and the audit report. */
export function markdownTable(header: string[], rows: Array<Array<string | number | undefined>>): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(markdownCell).join(' | ')} |`),
  ];
}
