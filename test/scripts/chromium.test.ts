import { describe, expect, it } from "vitest";
import { findChromium } from "../support/chromium.ts";

const only = (...present: string[]) => (path: string) => present.includes(path);

describe("the browser the browser tests use", () => {
  it("is CHROMIUM_PATH when it is set and exists", () => {
    expect(findChromium({ CHROMIUM_PATH: "/opt/my/chrome" }, "linux", only("/opt/my/chrome", "/usr/bin/chromium"))).toBe("/opt/my/chrome");
  });

  it("says so when CHROMIUM_PATH points nowhere, rather than quietly using another", () => {
    expect(() => findChromium({ CHROMIUM_PATH: "/nowhere/chrome" }, "linux", only("/usr/bin/chromium"))).toThrow(
      "CHROMIUM_PATH is /nowhere/chrome, which does not exist",
    );
  });

  it.each([
    ["linux", {}, "/usr/bin/chromium-browser"],
    ["linux", {}, "/usr/bin/google-chrome-stable"],
    ["darwin", { HOME: "/Users/jo" }, "/Applications/Chromium.app/Contents/MacOS/Chromium"],
    ["darwin", { HOME: "/Users/jo" }, "/Users/jo/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"],
    ["win32", { PROGRAMFILES: "C:\\Program Files" }, "C:\\Program Files/Google/Chrome/Application/chrome.exe"],
    ["win32", { LOCALAPPDATA: "C:\\Users\\jo\\AppData\\Local" }, "C:\\Users\\jo\\AppData\\Local/Chromium/Application/chrome.exe"],
  ] as const)("on %s, finds one installed at its usual place (%#)", (platform, env, installed) => {
    // Node's join uses the separator of the platform the test runs on; compare as it builds them.
    const exists = (path: string) => path.replace(/\\/g, "/") === installed.replace(/\\/g, "/");
    expect(findChromium(env, platform, exists).replace(/\\/g, "/")).toBe(installed.replace(/\\/g, "/"));
  });

  it("explains what it looked for and how to install one when there is none", () => {
    expect(() => findChromium({ HOME: "/Users/jo" }, "darwin", only())).toThrow(
      /^No Chromium or Chrome found for the browser tests\. Looked in:\n {2}\/Applications\/Chromium\.app[\s\S]*brew install --cask chromium[\s\S]*CHROMIUM_PATH/,
    );
  });
});
