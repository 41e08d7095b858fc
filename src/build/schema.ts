import { z } from "zod";
import { topicSlug } from "../topics.ts";
import { plainTextProblem } from "./plain-text.ts";

/**
 * Schemas of what authors write: content/site.ts and each article's front matter. Unknown keys
 * are errors, so a typo such as `titel` is reported rather than silently ignored.
 */

const nonEmpty = z.string({ error: "must be text" }).trim().min(1, "is empty: give it a value, or remove the line if the field is optional");

/** RFC 3339 date-time with an explicit offset: an article's instant must not depend on the build machine's zone. */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Text that titles a feed or an item: RSS readers guess whether it is HTML (see plain-text.ts). */
const plainText = (what: string) =>
  nonEmpty.superRefine((value, ctx) => {
    const problem = plainTextProblem(value, what);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
const titleText = plainText("a title");
/** A tag titles its topic feed, so it is plain text as a title is. */
const tagText = plainText("a tag");

export const dateTime = z
  .string({ error: "must be a date-time such as 2021-02-05T09:00:00+09:00" })
  .superRefine((value, ctx) => {
    const problem = dateTimeProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .transform((value) => new Date(value));

export const siteSchema = z.strictObject({
  title: titleText,
  description: nonEmpty,
  url: z.url({ protocol: /^https?$/, error: "must be an absolute http(s) URL" }),
  language: z.string().regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, "must be a BCP 47 language tag such as en or en-GB"),
  publisher: z.strictObject({ name: nonEmpty, url: z.url({ protocol: /^https?$/ }) }),
  icon: nonEmpty,
  defaultAuthor: nonEmpty,
  timeZone: z.string().refine(isTimeZone, "must be an IANA time zone such as Asia/Seoul or UTC"),
  feedItems: z.number().int().min(1).max(1000),
  hub: z.url({ protocol: /^https?$/, error: "must be the absolute http(s) URL of a WebSub hub" }).optional(),
});
export type SiteInput = z.input<typeof siteSchema>;

export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const frontMatterSchema = z.strictObject({
  title: titleText,
  slug: z.string({ error: "must be text such as my-first-article" }).superRefine((value, ctx) => {
    if (!SLUG.test(value)) ctx.addIssue({ code: "custom", message: slugProblem(value) });
  }),
  published: dateTime,
  updated: dateTime.optional(),
  author: nonEmpty.optional(),
  summary: nonEmpty,
  tags: z
    .array(tagText.refine((tag) => topicSlug(tag) !== "", "must contain a letter or a digit (it names the topic feed /tags/…)"), {
      error: "must be a list such as [Politics, Asia]",
    })
    .default([]),
  draft: z.boolean({ error: "must be true or false" }).default(false),
  image: z
    .strictObject(
      {
        src: nonEmpty,
        // "" is allowed on purpose: it marks a decorative picture (HTML § 4.8.4.4.11).
        alt: z.string({ error: "must be text" }).trim().optional(),
        caption: nonEmpty.optional(),
        credit: nonEmpty.optional(),
        width: z.number({ error: "must be a number of pixels" }).int("must be a whole number of pixels").positive("must be more than 0").optional(),
        height: z.number({ error: "must be a number of pixels" }).int("must be a whole number of pixels").positive("must be more than 0").optional(),
      },
      { error: "must be fields such as `src: photos/harbour.jpg` and `alt: What it shows`, indented under `image:`" },
    )
    .optional(),
});

export type FrontMatter = z.output<typeof frontMatterSchema>;

/**
 * What `frontMatterSchema.safeParse(data).data` is, when the front matter is of the kind nearly
 * every article has (a plain object of the schema's text, list and boolean fields, no `image`)
 * and valid; undefined for anything else, valid or not, which zod then reads and, when it is
 * wrong, names every problem of. The rules are the schema's own, field by field (nonEmpty,
 * titleText, tagText, dateTime, SLUG), applied in plain code: zod's parse costs more than the
 * rest of reading the front matter, on every article of every cold build.
 *
 * test/build/schema.test.ts holds it to zod on generated front matter, hostile values included:
 * never a value zod refuses or reads otherwise, and a value for everything of this kind that
 * zod accepts. A field added to the schema is not in PLAIN_FIELDS, so front matter that has it
 * goes to zod until it is added here (the test names the difference).
 */
export function plainFrontMatter(data: unknown): FrontMatter | undefined {
  if (typeof data !== "object" || data === null || Object.getPrototypeOf(data) !== Object.prototype) return undefined;
  const { title, slug, published, updated, author, summary, tags, draft } = data as Record<string, unknown>;
  for (const key of Object.keys(data)) if (!PLAIN_FIELDS.has(key)) return undefined;
  const plainTitle = plainTextField(title, "a title");
  if (plainTitle === undefined || typeof slug !== "string" || !SLUG.test(slug)) return undefined;
  const plainSummary = nonEmptyText(summary);
  if (plainSummary === undefined || !isDateTime(published) || !(updated === undefined ? !("updated" in data) : isDateTime(updated))) return undefined;
  let plainAuthor: string | undefined;
  if ("author" in data && (plainAuthor = nonEmptyText(author)) === undefined) return undefined;
  if ("draft" in data && typeof draft !== "boolean") return undefined;
  let plainTags: string[] = [];
  if ("tags" in data) {
    if (!Array.isArray(tags)) return undefined;
    plainTags = [];
    for (const tag of tags as unknown[]) {
      const plain = plainTextField(tag, "a tag");
      if (plain === undefined || topicSlug(plain) === "") return undefined;
      plainTags.push(plain);
    }
  }
  return {
    title: plainTitle,
    slug,
    published: new Date(published as string),
    ...(updated === undefined ? {} : { updated: new Date(updated as string) }),
    ...(plainAuthor === undefined ? {} : { author: plainAuthor }),
    summary: plainSummary,
    tags: plainTags,
    draft: (draft as boolean | undefined) ?? false,
  };
}

/** The fields plainFrontMatter reads: the schema's, but `image`, an object of its own. */
const PLAIN_FIELDS = new Set(["title", "slug", "published", "updated", "author", "summary", "tags", "draft"]);

/** nonEmpty's value: the text trimmed, if it is text and something is left. */
function nonEmptyText(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}

/** titleText's or tagText's value (plainText): nonEmpty's, when it is plain text. */
function plainTextField(value: unknown, what: string): string | undefined {
  const text = nonEmptyText(value);
  return text === undefined || plainTextProblem(text, what) !== undefined ? undefined : text;
}

/** What dateTime accepts. */
function isDateTime(value: unknown): value is string {
  return typeof value === "string" && dateTimeProblem(value) === undefined;
}

/** The slug rule, with the nearest slug that follows it: it becomes a URL path segment as is. */
function slugProblem(value: string): string {
  const suggestion = value
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  return `"${value}" is not safe in a URL: use only lowercase letters, digits and single hyphens${suggestion ? `, e.g. ${suggestion}` : " such as my-first-article"}`;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function dateTimeProblem(value: string): string | undefined {
  const m = RFC3339.exec(value);
  if (m) {
    const real = realDateTime(m);
    return real.exact ? undefined : `"${value}" is not a real date and time (${real.reason}): correct it, e.g. ${real.suggestion}${m[7]}`;
  }
  const local = LOCAL_DATE_TIME.exec(value);
  if (!local) return `"${value}" is not a date-time such as 2021-02-05T09:00:00+09:00`;
  // A date or date-time without a zone: suggest it with one, after making it a real date (never
  // "add a zone to 2026-02-30", which would fail next).
  const real = realDateTime([value, local[1]!, local[2]!, local[3]!, local[4] ?? "00", local[5] ?? "00", local[6] ?? "00"]);
  const zone = "+09:00 or Z";
  return real.exact
    ? `"${value}" has no time zone: add one, e.g. ${real.suggestion}${zone}`
    : `"${value}" is not a real date and time (${real.reason}) and has no time zone: write e.g. ${real.suggestion}${zone}`;
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/;
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

type RealDateTime = { exact: true; suggestion: string } | { exact: false; reason: string; suggestion: string };

/**
 * Whether year, month, day, hour, minute and second name a real instant; when not, the first
 * field that is out of range and the nearest real date-time (each field clamped into its range),
 * without a zone. The suggestion of an exact value is the value with seconds, as RFC 3339 wants.
 */
function realDateTime(parts: readonly string[]): RealDateTime {
  const [year, month, day, hour, minute, second] = parts.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const fraction = /\.\d+/.exec(parts[0]!)?.[0] ?? "";
  const clampedMonth = Math.min(Math.max(month, 1), 12);
  const daysInMonth = new Date(Date.UTC(year, clampedMonth, 0)).getUTCDate();
  const fields = [year, clampedMonth, Math.min(Math.max(day, 1), daysInMonth), Math.min(hour, 23), Math.min(minute, 59), Math.min(second, 59)];
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  const suggestion = `${pad(fields[0]!, 4)}-${pad(fields[1]!)}-${pad(fields[2]!)}T${pad(fields[3]!)}:${pad(fields[4]!)}:${pad(fields[5]!)}${fraction}`;
  const reason =
    month < 1 || month > 12
      ? `there is no month ${month}`
      : day < 1 || day > daysInMonth
        ? `${MONTHS[month - 1]} ${year} has ${daysInMonth} days`
        : hour > 23
          ? "hours go from 00 to 23"
          : minute > 59 || second > 59
            ? "minutes and seconds go from 00 to 59"
            : undefined;
  return reason === undefined ? { exact: true, suggestion } : { exact: false, reason, suggestion };
}
