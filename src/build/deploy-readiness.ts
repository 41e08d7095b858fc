import type { Corpus } from "../model.ts";
import { describePlaceholders, placeholdersIn } from "./placeholders.ts";
import { count } from "./plural.ts";

/**
 * Why a build must not be deployed, or undefined when it may: `npm run deploy` asks this before
 * wrangler bundles anything or contacts Cloudflare (scripts/deploy-check.ts). Feed readers keep an
 * entry's id for ever, and every id and link is built from the site URL, so a placeholder URL
 * published once stays wrong in every reader that fetched it.
 */
export function deployProblem(corpus: Corpus, options: { siteUrlFromEnvironment: boolean; workerName: string }): string | undefined {
  const url = corpus.site.url;
  if (isPlaceholderUrl(url)) {
    const where = options.siteUrlFromEnvironment ? "SITE_URL" : "content/site.ts (`url`), and SITE_URL is not set";
    return `Not deploying: the site URL is ${url}, from ${where}. That address is reserved for examples or this machine, and every feed id and link is built from it: readers would keep those ids for ever.
Give the address the site will be served at:
  - on workers.dev it is https://${options.workerName}.<subdomain>.workers.dev (the Worker's name from wrangler.toml, then your account's workers.dev subdomain, shown in the Cloudflare dashboard under Workers & Pages)
  - or a custom domain of yours, e.g. https://news.your-domain.com (see "Deploy" in README.md)
Then run: SITE_URL=https://${options.workerName}.<subdomain>.workers.dev npm run deploy
or set \`url\` in content/site.ts once and run npm run deploy.`;
  }
  const placeholders = placeholdersIn(corpus);
  if (placeholders.length > 0) {
    return `Not deploying: the content still has ${count(placeholders.length, "placeholder")} that npm run new wrote for you to replace:
${describePlaceholders(placeholders)}
Replace ${placeholders.length === 1 ? "it" : "them"} (npm start shows the result), or mark the article draft: true, then run npm run deploy again.`;
  }
  return undefined;
}

/**
 * A URL nobody can be served at publicly: the names RFC 2606 and RFC 6761 reserve for examples,
 * tests and this machine (`.example`, `example.com`, `.test`, `.invalid`, `localhost`), and
 * loopback or unspecified addresses.
 */
export function isPlaceholderUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase().replace(/\.$/, "");
  } catch {
    return true;
  }
  const reservedName = /(^|\.)(example|test|invalid|localhost)$/.test(host) || /(^|\.)example\.(com|net|org)$/.test(host);
  const loopback = /^127\./.test(host) || host === "0.0.0.0" || host === "[::1]" || host === "[::]";
  return reservedName || loopback;
}
