import { parseFeed as rowanmanningParse } from "@rowanmanning/feed-parser";
import { decodeHTML } from "entities";
import { parseFeed as feedsmithParse } from "feedsmith";

/** An item as a subscriber's reader sees it, whatever the format and parser. */
export interface ParsedItem {
  id: string;
  link: string;
  title: string;
  author: string;
  contentHtml: string;
  published: string;
  updated: string;
}

export type FeedFormat = "rss" | "atom" | "json";

/** Parses a feed document with every independent parser that reads its format. */
export function parseWithEveryParser(format: FeedFormat, document: string): Record<string, ParsedItem[]> {
  if (format === "json") return { feedsmith: viaFeedsmith(document), "JSON.parse": viaJsonParse(document) };
  return { feedsmith: viaFeedsmith(document), "@rowanmanning/feed-parser": viaRowanmanning(document) };
}

function viaRowanmanning(document: string): ParsedItem[] {
  return rowanmanningParse(document).items.map((item) => ({
    id: item.id ?? "",
    link: item.url ?? "",
    title: item.title ?? "",
    author: item.authors.map((a) => a.name).join(", "),
    contentHtml: item.content ?? "",
    published: item.published?.toISOString() ?? "",
    updated: item.updated?.toISOString() ?? "",
  }));
}

function viaFeedsmith(document: string): ParsedItem[] {
  const parsed = feedsmithParse(document);
  switch (parsed.format) {
    case "rss":
      return (parsed.feed.items ?? []).map((item) => ({
        id: item.guid?.value ?? "",
        link: item.link ?? "",
        title: item.title ?? "",
        author: item.dc?.creators?.join(", ") ?? "",
        contentHtml: item.content?.encoded ?? "",
        published: item.pubDate ? new Date(item.pubDate).toISOString() : "",
        updated: item.pubDate ? new Date(item.pubDate).toISOString() : "",
      }));
    case "atom":
      return (parsed.feed.entries ?? []).map((entry) => ({
        id: entry.id ?? "",
        link: entry.links?.[0]?.href ?? "",
        title: decodeAtomHtml(entry.title),
        author: entry.authors?.map((a) => a.name).join(", ") ?? "",
        contentHtml: textOf(entry.content),
        published: entry.published ? new Date(entry.published).toISOString() : "",
        updated: entry.updated ? new Date(entry.updated).toISOString() : "",
      }));
    case "json":
      return (parsed.feed.items ?? []).map((item) => ({
        id: item.id ?? "",
        link: item.url ?? "",
        title: item.title ?? "",
        author: item.authors?.map((a) => a.name).join(", ") ?? "",
        contentHtml: item.content_html ?? "",
        published: item.date_published ? new Date(item.date_published).toISOString() : "",
        updated: item.date_modified ? new Date(item.date_modified).toISOString() : "",
      }));
    default:
      throw new Error(`unexpected format ${parsed.format}`);
  }
}

function viaJsonParse(document: string): ParsedItem[] {
  const feed = JSON.parse(document) as { items: Record<string, unknown>[] };
  return feed.items.map((item) => ({
    id: String(item["id"]),
    link: String(item["url"]),
    title: String(item["title"]),
    author: (item["authors"] as { name: string }[]).map((a) => a.name).join(", "),
    contentHtml: String(item["content_html"]),
    published: new Date(String(item["date_published"])).toISOString(),
    updated: new Date(String(item["date_modified"])).toISOString(),
  }));
}

/** feedsmith returns Atom text constructs as given; a type="html" title is escaped HTML (RFC 4287 §3.1.1.2). */
function decodeAtomHtml(text: unknown): string {
  const value = textOf(text);
  return typeof text === "object" && text !== null && (text as { type?: string }).type === "html" ? decodeHTML(value) : value;
}

function textOf(text: unknown): string {
  if (typeof text === "string") return text;
  if (typeof text === "object" && text !== null && "value" in text) return String((text as { value: unknown }).value ?? "");
  return "";
}
