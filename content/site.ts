import type { SiteInput } from "../src/build/schema.ts";

/**
 * Site metadata: the one place to describe the publication. `url` is the public base URL that
 * every feed id and link is built from; override it per build with the SITE_URL environment
 * variable (ids never depend on the host a request arrived at).
 */
export default {
  title: "edgefeed",
  description: "Full-text news and interviews, syndicated as RSS, Atom and JSON Feed.",
  url: "https://edgefeed.example",
  language: "en",
  publisher: { name: "edgefeed", url: "https://edgefeed.example" },
  icon: "/icon.svg",
  defaultAuthor: "edgefeed newsroom",
  timeZone: "Asia/Seoul",
  feedItems: 50,
  // hub: "https://pubsubhubbub.appspot.com/", // a WebSub hub: feeds announce it; `npm run notify-hub` pings it
} satisfies SiteInput;
