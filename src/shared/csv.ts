/**
 * One CSV cell (RFC 4180), after defusing spreadsheet formula injection: a cell starting with =, +, -, @, tab or CR
 * gets a leading quote. Used by the integration register and the lint CSV report.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
