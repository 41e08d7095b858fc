import { rootCertificates } from "node:tls";

/**
 * The environment `npm start` runs wrangler dev in: offline, links pointing at `siteUrl`, and the
 * content build told to keep the last good build when an author's save has an error (wrangler
 * holds every request while its build command fails; see src/build/main.ts).
 *
 * `extraCaCerts` is the file NODE_EXTRA_CA_CERTS should name for wrangler, or undefined to leave
 * it out (see extraCertificates). `preload` is a CommonJS file wrangler's Node.js processes load
 * before wrangler (scripts/wrangler-preload.cjs), added to whatever NODE_OPTIONS already says.
 */
export function devEnvironment(siteUrl: string, { extraCaCerts, preload }: { extraCaCerts?: string | undefined; preload?: string } = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SITE_URL: siteUrl,
    EDGEFEED_KEEP_LAST_GOOD_BUILD: "1",
    WRANGLER_SEND_METRICS: "false",
    CLOUDFLARE_CF_FETCH_ENABLED: "false",
    WRANGLER_HIDE_BANNER: "true",
  };
  if (extraCaCerts === undefined) delete env["NODE_EXTRA_CA_CERTS"];
  else env["NODE_EXTRA_CA_CERTS"] = extraCaCerts;
  // Node.js reads NODE_OPTIONS as words split at spaces; a double-quoted word keeps its spaces
  // and takes backslash escapes, which is what JSON.stringify writes.
  if (preload !== undefined) env["NODE_OPTIONS"] = [process.env["NODE_OPTIONS"], `--require ${JSON.stringify(preload)}`].filter(Boolean).join(" ");
  return env;
}

const CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * The certificates of a NODE_EXTRA_CA_CERTS bundle that Node.js's own root store lacks (a company
 * proxy's CA, say), as PEM. miniflare copies every certificate named there into the configuration
 * it sends workerd at each reload, and builds that configuration by copying all of it again for
 * every few kilobytes it appends: after the Worker's Data modules (megabytes at a few thousand
 * articles), a system's whole bundle (/etc/ssl/certs/ca-certificates.crt) made each reload seconds
 * slower (docs/authoring-loop.md). The public roots Node.js ships are the ones workerd trusts as
 * browser CAs already, so leaving them out changes no connection the Worker makes.
 */
export function extraCertificates(pem: string, roots: readonly string[] = rootCertificates): string[] {
  const known = new Set(roots.map(certificateBody));
  return (pem.match(CERTIFICATE) ?? []).filter((certificate) => !known.has(certificateBody(certificate)));
}

/** A PEM certificate's base64 body without line breaks: the same certificate however it was wrapped. */
function certificateBody(pem: string): string {
  return pem.replace(/-----(?:BEGIN|END) CERTIFICATE-----|\s/g, "");
}
