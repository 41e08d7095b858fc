import { rootCertificates } from "node:tls";
import { describe, expect, it } from "vitest";
import { devEnvironment, extraCertificates } from "../../scripts/dev-environment.ts";

/** A certificate of Node.js's own store, wrapped at another width, as a system bundle may hold it. */
const rewrapped = (pem: string) => {
  const body = pem.replace(/-----(?:BEGIN|END) CERTIFICATE-----|\s/g, "");
  return `-----BEGIN CERTIFICATE-----\r\n${body.match(/.{1,76}/g)!.join("\r\n")}\r\n-----END CERTIFICATE-----`;
};

describe("npm start's environment for wrangler dev", () => {
  it("keeps only the NODE_EXTRA_CA_CERTS certificates Node.js does not ship (a company CA), however they are wrapped", () => {
    const [known, other] = rootCertificates;
    // Stands for a CA of one's own: a certificate outside the roots passed in.
    const own = other!;
    const bundle = [`# system bundle`, rewrapped(known!), known!, own, ""].join("\n");
    expect(extraCertificates(bundle, rootCertificates.filter((c) => c !== own))).toEqual([own]);
    expect(extraCertificates(bundle)).toEqual([]);
    expect(extraCertificates("no certificate here")).toEqual([]);
  });

  it("names the kept certificates' file, or leaves NODE_EXTRA_CA_CERTS out when none is left", () => {
    const saved = process.env["NODE_EXTRA_CA_CERTS"];
    process.env["NODE_EXTRA_CA_CERTS"] = "/etc/ssl/certs/ca-certificates.crt";
    try {
      expect(devEnvironment("http://127.0.0.1:8787", { extraCaCerts: "/tmp/extra.pem" })).toMatchObject({ NODE_EXTRA_CA_CERTS: "/tmp/extra.pem", SITE_URL: "http://127.0.0.1:8787" });
      expect(devEnvironment("http://127.0.0.1:8787")).not.toHaveProperty("NODE_EXTRA_CA_CERTS");
    } finally {
      if (saved === undefined) delete process.env["NODE_EXTRA_CA_CERTS"];
      else process.env["NODE_EXTRA_CA_CERTS"] = saved;
    }
  });

  it("has wrangler's Node.js processes load the preload, after whatever NODE_OPTIONS says already", () => {
    const saved = process.env["NODE_OPTIONS"];
    try {
      delete process.env["NODE_OPTIONS"];
      expect(devEnvironment("http://127.0.0.1:8787", { preload: "/opt/my project/preload.cjs" })["NODE_OPTIONS"]).toBe('--require "/opt/my project/preload.cjs"');
      process.env["NODE_OPTIONS"] = "--max-old-space-size=4096";
      expect(devEnvironment("http://127.0.0.1:8787", { preload: "/p.cjs" })["NODE_OPTIONS"]).toBe('--max-old-space-size=4096 --require "/p.cjs"');
      expect(devEnvironment("http://127.0.0.1:8787")["NODE_OPTIONS"]).toBe("--max-old-space-size=4096");
    } finally {
      if (saved === undefined) delete process.env["NODE_OPTIONS"];
      else process.env["NODE_OPTIONS"] = saved;
    }
  });
});
