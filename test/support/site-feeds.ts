import type { Corpus } from "../../src/model.ts";
import { renderAtom as atom } from "../../src/render/atom.ts";
import { siteFeed, subscriptionScope } from "../../src/render/feed-scope.ts";
import { renderJsonFeed as jsonFeed } from "../../src/render/json-feed.ts";
import { renderRss as rss } from "../../src/render/rss.ts";

/** The site's subscription documents of a whole corpus, rendered as the build renders /feed.xml, /atom.xml and /feed.json. */
export const renderRss = (corpus: Corpus): string => rss(corpus.site, siteSubscription(corpus));
export const renderAtom = (corpus: Corpus): string => atom(corpus.site, siteSubscription(corpus));
export const renderJsonFeed = (corpus: Corpus): string => jsonFeed(corpus.site, siteSubscription(corpus));

function siteSubscription(corpus: Corpus) {
  return subscriptionScope(siteFeed(corpus), corpus.site.feedItems);
}
