import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import { csvCell } from '../shared/csv.js';
import { textOf } from '../shared/text.js';

const TEMPLATE_DIR = new URL('../../templates/', import.meta.url);

/** XML text escaping as Salesforce's retrieve writes it. */
export function escapeXml(value: unknown): string {
  return textOf(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** A markdown table cell: pipes escaped, line breaks folded. */
export function escapeCell(value: unknown): string {
  return textOf(value).replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}

const hbs = Handlebars.create();
hbs.registerHelper('x', (v: unknown) => escapeXml(v));
hbs.registerHelper('cell', (v: unknown) => escapeCell(v));
hbs.registerHelper('csv', (v: unknown) => csvCell(textOf(v)));

const cache = new Map<string, Handlebars.TemplateDelegate>();

/** Renders templates/<name>.hbs. Escaping is explicit (x, cell, csv helpers), so Handlebars' HTML escaping is off. */
export function render(name: string, context: object): string {
  let template = cache.get(name);
  if (!template) {
    const source = readFileSync(new URL(`${name}.hbs`, TEMPLATE_DIR), 'utf8');
    template = hbs.compile(source, { noEscape: true, strict: false });
    cache.set(name, template);
  }
  return template(context);
}
