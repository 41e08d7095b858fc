import { describe, expect, it } from "vitest";
import { deployProblem, isPlaceholderUrl } from "../../src/build/deploy-readiness.ts";
import { PLACEHOLDER_BODY, PLACEHOLDER_SUMMARY } from "../../src/build/placeholders.ts";
import { fixtureCorpus, frontMatter, type FixtureArticle } from "../support/corpus.ts";

const OPTIONS = { siteUrlFromEnvironment: false, workerName: "edgefeed" };
const corpusAt = (url: string, articles: FixtureArticle[] = [{ frontMatter: frontMatter(1), body: "Body." }]) => fixtureCorpus(articles, { url });

describe("the site URL a deploy may publish", () => {
  it.each([
    "https://edgefeed.example",
    "https://news.example.org",
    "https://example.com",
    "https://www.example.net/",
    "https://site.test",
    "https://x.invalid",
    "http://localhost:8787",
    "http://127.0.0.1:8787",
    "http://[::1]:8787",
    "https://EDGEFEED.EXAMPLE.",
  ])("refuses %s, reserved for examples or this machine", (url) => {
    expect(isPlaceholderUrl(url)).toBe(true);
  });

  it.each(["https://edgefeed.jane.workers.dev", "https://news.example-media.com", "https://examples.org", "https://test.dev"])(
    "accepts %s",
    (url) => {
      expect(isPlaceholderUrl(url)).toBe(false);
    },
  );
});

describe("deployProblem", () => {
  it("says what to do when the site URL is the example and SITE_URL is unset", () => {
    const problem = deployProblem(corpusAt("https://edgefeed.example"), OPTIONS);
    expect(problem).toContain("https://edgefeed.example, from content/site.ts (`url`), and SITE_URL is not set");
    expect(problem).toContain("https://edgefeed.<subdomain>.workers.dev");
    expect(problem).toContain("custom domain");
    expect(problem).toContain("SITE_URL=https://edgefeed.<subdomain>.workers.dev npm run deploy");
  });

  it("names SITE_URL as the source when SITE_URL itself is a placeholder", () => {
    expect(deployProblem(corpusAt("http://localhost:8787"), { ...OPTIONS, siteUrlFromEnvironment: true })).toMatch(
      /^Not deploying: the site URL is http:\/\/localhost:8787, from SITE_URL\./,
    );
  });

  it("lets a real site URL through", () => {
    expect(deployProblem(corpusAt("https://edgefeed.jane.workers.dev"), OPTIONS)).toBeUndefined();
  });

  it("refuses the summary and body npm run new writes, naming each file", () => {
    const corpus = corpusAt("https://edgefeed.jane.workers.dev", [
      { file: "articles/a.md", frontMatter: frontMatter(1, { summary: PLACEHOLDER_SUMMARY }), body: PLACEHOLDER_BODY },
      { file: "articles/b.md", frontMatter: frontMatter(2), body: "A finished article." },
    ]);
    const problem = deployProblem(corpus, OPTIONS);
    expect(problem).toMatch(/^Not deploying: the content still has 2 placeholders/);
    expect(problem).toContain(`articles/a.md › summary: is still the placeholder "${PLACEHOLDER_SUMMARY}"`);
    expect(problem).toContain("articles/a.md › body: still has the placeholder line");
    expect(problem).not.toContain("articles/b.md");
  });
});
