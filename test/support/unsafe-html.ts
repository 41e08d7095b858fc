import { parseFragment, type DefaultTreeAdapterTypes as Dom } from "parse5";

/**
 * What a feed validator or a reader would object to in a piece of HTML a feed carries: parse
 * errors of the HTML5 parser (the W3C Feed Validation Service's "Invalid HTML"), and anything
 * that runs or loads: script and other active elements ("description should not contain script
 * tag"), event handlers, javascript: and data: URLs.
 */
export function htmlFindings(html: string): string[] {
  const findings: string[] = [];
  const fragment = parseFragment(html, { onParseError: (error) => findings.push(`parse error ${error.code}`) });
  const visit = (node: Dom.ChildNode) => {
    if (!("tagName" in node)) return;
    if (ACTIVE.has(node.tagName)) findings.push(`<${node.tagName}>`);
    for (const { name, value } of node.attrs) {
      if (/^on/i.test(name)) findings.push(`${name}= handler`);
      if (/^\s*(javascript|data|vbscript):/i.test(value.replace(/[\u0000-\u0020]/g, ""))) findings.push(`${name}="${value}"`);
    }
    node.childNodes.forEach(visit);
  };
  fragment.childNodes.forEach(visit);
  return findings;
}

const ACTIVE = new Set(["script", "iframe", "object", "embed", "applet", "form", "input", "button", "style", "link", "meta", "base", "svg", "math", "frame", "frameset"]);
