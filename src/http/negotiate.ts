/** A representation on offer: the media types it satisfies, its own first, then aliases. */
export interface Offer<T> {
  readonly mediaTypes: readonly [string, ...string[]];
  readonly value: T;
}

/**
 * Proactive negotiation on Accept (RFC 9110 §12.5.1): each offer gets the weight of the most
 * specific media range that matches it (its own type, then an alias such as application/xml,
 * then `type/*`, then `*\/*`); q=0 excludes it; the highest weight wins and ties go to the
 * earlier offer. With no Accept, or nothing acceptable, the first offer is served: the RFC lets a
 * server disregard Accept rather than answer 406, and a feed reader with an odd Accept header
 * is better served a feed than an error.
 */
export function negotiate<T>(accept: string | null, offers: readonly [Offer<T>, ...Offer<T>[]]): T {
  let best = offers[0].value;
  if (!accept) return best;
  const ranges = parseAccept(accept);
  let bestQuality = 0;
  for (const offer of offers) {
    const quality = qualityOf(offer, ranges);
    if (quality > bestQuality) {
      best = offer.value;
      bestQuality = quality;
    }
  }
  return best;
}

interface MediaRange {
  /** Lowercase `type/subtype`, `type/*` or `*\/*`. */
  readonly range: string;
  readonly quality: number;
}

function qualityOf(offer: Offer<unknown>, ranges: readonly MediaRange[]): number {
  let quality = 0;
  let specificity = -1;
  for (const { range, quality: weight } of ranges) {
    const rank = specificityOf(range, offer.mediaTypes);
    if (rank > specificity) {
      specificity = rank;
      quality = weight;
    }
  }
  return quality;
}

/** 3: the offer's own type; 2: one of its aliases; 1: `type/*`; 0: `*\/*`; -1: no match. */
function specificityOf(range: string, [own, ...aliases]: readonly [string, ...string[]]): number {
  if (range === own) return 3;
  if (aliases.includes(range)) return 2;
  if (range === "*/*") return 0;
  if (range.endsWith("/*")) {
    const prefix = range.slice(0, -1);
    return own.startsWith(prefix) || aliases.some((alias) => alias.startsWith(prefix)) ? 1 : -1;
  }
  return -1;
}

/**
 * Accept = #( media-range [ weight ] ) (RFC 9110 §12.5.1). A member that is not a media range,
 * or whose weight is not a valid qvalue, is skipped rather than failing the whole field.
 */
function parseAccept(accept: string): MediaRange[] {
  const ranges: MediaRange[] = [];
  for (const member of accept.split(",")) {
    const [rawRange = "", ...parameters] = member.split(";");
    const range = rawRange.trim().toLowerCase();
    if (!MEDIA_RANGE.test(range)) continue;
    let quality: number | undefined = 1;
    for (const parameter of parameters) {
      const [name = "", value = ""] = parameter.split("=", 2);
      if (name.trim().toLowerCase() === "q") quality = QVALUE.test(value.trim()) ? Number(value) : undefined;
    }
    if (quality !== undefined) ranges.push({ range, quality });
  }
  return ranges;
}

const TOKEN = "[!#$%&'+.^_`|~0-9a-z-]+";
const MEDIA_RANGE = new RegExp(`^(?:\\*/\\*|${TOKEN}/(?:\\*|${TOKEN}))$`);
/** qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ) (RFC 9110 §12.4.2). */
const QVALUE = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;
