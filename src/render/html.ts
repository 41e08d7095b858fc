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
  const shown = dateFormat(site.language, site.timeZone).format(date);
  return html`<time datetime="${date.toISOString()}">${shown}</time>`;
}

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
