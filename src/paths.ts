/** The public URL space, shared by the renderers (links) and the build (where each document is served). */
export const PATHS = {
  home: "/",
  rss: "/feed.xml",
  atom: "/atom.xml",
  jsonFeed: "/feed.json",
  /** RSS, Atom or JSON Feed, chosen by the Accept header (src/http/feed-negotiation.ts). */
  negotiatedFeed: "/feed",
  icon: "/icon.svg",
  article: (slug: string) => `/articles/${slug}`,
  articleAmp: (slug: string) => `/articles/${slug}/amp`,
} as const;
