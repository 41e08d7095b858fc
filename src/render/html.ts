import { html as honoHtml, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import type { Site } from "../model.ts";

/**
 * The one place markup is escaped: every value interpolated into `html` is escaped (& < > " ')
 * unless it is already markup (the result of `html` or `raw`). Renderers never concatenate strings
 * into HTML by hand.
 */
export type Html = HtmlEscapedString;

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  const result = honoHtml(strings, ...values);
  // Only a Promise among the values makes Hono's tag asynchronous, and renderers never pass one.
  if (result instanceof Promise) throw new TypeError("html: asynchronous values are not supported");
  return result;
}

/** Marks trusted, already-sanitized markup (the article body) for interpolation as is. */
export const trusted = (markup: string): Html => raw(markup);

export function escapeHtml(text: string): string {
  return html`${text}`.toString();
}

/** A `<time>` element: the RFC 3339 instant for machines, the date in the site's zone for people. */
export function time(date: Date, site: Pick<Site, "language" | "timeZone">): Html {
  // An article's page and its AMP page show the same dates: each written once per language and zone.
  const format = dateFormat(site.language, site.timeZone);
  const kept = TIMES.get(date);
  if (kept?.format === format && kept.time === date.getTime()) return kept.html;
  const written = html`<time datetime="${date.toISOString()}">${format.format(date)}</time>`;
  TIMES.set(date, { format, time: date.getTime(), html: written });
  return written;
}

/** The last `<time>` written for a Date, with the formatter and the instant it was written for (a Date can be set to another). */
const TIMES = new WeakMap<Date, { format: Intl.DateTimeFormat; time: number; html: Html }>();

/** One formatter per language and zone: making one costs more than formatting many dates with it. */
function dateFormat(language: string, timeZone: string): Intl.DateTimeFormat {
  const key = `${language} ${timeZone}`;
  let format = DATE_FORMATS.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(language, { dateStyle: "long", timeZone });
    DATE_FORMATS.set(key, format);
  }
  return format;
}

const DATE_FORMATS = new Map<string, Intl.DateTimeFormat>();
