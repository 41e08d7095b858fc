import { parseFeed as rowanmanningParse } from "@rowanmanning/feed-parser";
import { decodeHTML } from "entities";
import { readableText } from "./text.ts";
import { parseFeed as feedsmithParse } from "feedsmith";

/** An item as a subscriber's reader sees it, whatever the format and parser. */
export interface ParsedItem {
  id: string;
  link: string;
  title: string;
  author: string;
  /** The item's content HTML as this parser hands it over (see `contentAsHtml`). */
  content: string;
  /** @rowanmanning/feed-parser decodes entities in content (its textContentNormalized), so `&lt;` comes back as `<`. */
  contentEntitiesDecoded: boolean;
  published: string;
  updated: string;
  /** The item's pictures where the format keeps them apart from the content: enclosure, media:content, JSON Feed image. */
  images: ParsedImage[];
}

export interface ParsedImage {
  url: string;
  type?: string | undefined;
  length?: number | undefined;
  width?: number | undefined;
  height?: number | undefined;
}

export type FeedFormat = "rss" | "atom" | "json";

/** Parses a feed document with every independent parser that reads its format. */
export function parseWithEveryParser(format: FeedFormat, document: string): Record<string, ParsedItem[]> {
  if (format === "json") return { feedsmith: viaFeedsmith(document), "JSON.parse": viaJsonParse(document) };
  return { feedsmith: viaFeedsmith(document), "@rowanmanning/feed-parser": viaRowanmanning(document) };
}

/** What `item.content` should be, given the exact HTML the feed was rendered from. */
export function expectedContent(item: ParsedItem, html: string): string {
  return item.contentEntitiesDecoded ? decodeHTML(html) : html;
}

function viaRowanmanning(document: string): ParsedItem[] {
  return rowanmanningParse(document).items.map((item) => ({
    id: item.id ?? "",
    link: item.url ?? "",
    title: item.title ?? "",
    author: item.authors.map((a) => a.name).join(", "),
    content: item.content ?? "",
    contentEntitiesDecoded: true,
    published: item.published?.toISOString() ?? "",
    updated: item.updated?.toISOString() ?? "",
    images: item.media.map((m) => ({ url: m.url, type: m.mimeType ?? undefined, length: m.length ?? undefined })),
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
        content: item.content?.encoded ?? "",
        contentEntitiesDecoded: false,
        published: item.pubDate ? new Date(item.pubDate).toISOString() : "",
        updated: item.pubDate ? new Date(item.pubDate).toISOString() : "",
        images: [
          ...(item.enclosures ?? []).map((e) => ({ url: e.url ?? "", type: e.type, length: e.length })),
          ...(item.media?.contents ?? []).map((m) => ({ url: m.url ?? "", type: m.type, length: m.fileSize, width: m.width, height: m.height })),
        ],
      }));
    case "atom":
      return (parsed.feed.entries ?? []).map((entry) => ({
        id: entry.id ?? "",
        link: entry.links?.[0]?.href ?? "",
        title: decodeAtomHtml(entry.title),
        author: entry.authors?.map((a) => a.name).join(", ") ?? "",
        content: textOf(entry.content),
        contentEntitiesDecoded: false,
        published: entry.published ? new Date(entry.published).toISOString() : "",
        updated: entry.updated ? new Date(entry.updated).toISOString() : "",
        images: (entry.links ?? []).filter((l) => l.rel === "enclosure").map((l) => ({ url: l.href ?? "", type: l.type, length: l.length })),
      }));
    case "json":
      return (parsed.feed.items ?? []).map((item) => ({
        id: item.id ?? "",
        link: item.url ?? "",
        title: item.title ?? "",
        author: item.authors?.map((a) => a.name).join(", ") ?? "",
        content: item.content_html ?? "",
        contentEntitiesDecoded: false,
        published: item.date_published ? new Date(item.date_published).toISOString() : "",
        updated: item.date_modified ? new Date(item.date_modified).toISOString() : "",
        images: item.image ? [{ url: item.image }] : [],
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
    content: String(item["content_html"]),
    contentEntitiesDecoded: false,
    published: new Date(String(item["date_published"])).toISOString(),
    updated: new Date(String(item["date_modified"])).toISOString(),
    images: typeof item["image"] === "string" ? [{ url: item["image"] }] : [],
  }));
}

/**
 * feedsmith returns Atom text constructs as given. A type="html" title is HTML (RFC 4287 §3.1.1.2):
 * what a reader shows is its rendered text, so markup that was not escaped would disappear here.
 */
function decodeAtomHtml(text: unknown): string {
  const value = textOf(text);
  return typeof text === "object" && text !== null && (text as { type?: string }).type === "html" ? readableText(value) : value;
}

function textOf(text: unknown): string {
  if (typeof text === "string") return text;
  if (typeof text === "object" && text !== null && "value" in text) return String((text as { value: unknown }).value ?? "");
  return "";
}
