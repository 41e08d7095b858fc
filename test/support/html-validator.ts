import { HtmlValidate } from "html-validate";

/**
 * html-validate's recommended rules (HTML5 content models, attributes, accessibility basics),
 * less three that are preferences rather than conformance: `long-title` caps <title> at 70
 * characters (an SEO heuristic; news headlines are often longer); `void-style` and
 * `doctype-style` want one spelling where HTML accepts both (`<img>` and `<img />`;
 * `<!DOCTYPE html>` and the AMP page's `<!doctype html>`).
 */
const validator = new HtmlValidate({
  extends: ["html-validate:recommended"],
  rules: { "long-title": "off", "void-style": "off", "doctype-style": "off" },
});

/** Every problem html-validate finds in a page, as "line:column rule: message", empty when valid. */
export async function htmlProblems(page: string, name: string): Promise<string[]> {
  const report = await validator.validateString(page, name);
  return report.results.flatMap((result) => result.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}: ${m.message}`));
}
