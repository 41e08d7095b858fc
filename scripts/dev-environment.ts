/**
 * The environment `npm start` runs wrangler dev in: offline, links pointing at `siteUrl`, and the
 * content build told to keep the last good build when an author's save has an error (wrangler
 * holds every request while its build command fails; see src/build/main.ts).
 */
export function devEnvironment(siteUrl: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    SITE_URL: siteUrl,
    EDGEFEED_KEEP_LAST_GOOD_BUILD: "1",
    WRANGLER_SEND_METRICS: "false",
    CLOUDFLARE_CF_FETCH_ENABLED: "false",
    WRANGLER_HIDE_BANNER: "true",
  };
}
