import { existsSync } from "node:fs";
import { join } from "node:path";

/**
 * The Chromium (or Chrome) the browser tests drive: `CHROMIUM_PATH` when set, else the first of
 * the usual install locations of this platform that exists. Never a browser downloaded by
 * playwright: the tests run on what the machine has. Throws, saying what was tried and what to
 * do, when there is none.
 */
export function findChromium(
  env: Readonly<Record<string, string | undefined>> = process.env,
  platform: NodeJS.Platform = process.platform,
  exists: (path: string) => boolean = existsSync,
): string {
  const chosen = env["CHROMIUM_PATH"];
  if (chosen) {
    if (exists(chosen)) return chosen;
    throw new Error(`CHROMIUM_PATH is ${chosen}, which does not exist: point it at a Chromium or Chrome executable, or unset it.`);
  }
  const candidates = chromiumLocations(env, platform);
  const found = candidates.find(exists);
  if (found) return found;
  throw new Error(
    `No Chromium or Chrome found for the browser tests. Looked in:\n${candidates.map((path) => `  ${path}`).join("\n")}\n` +
      `Install one (${INSTALL[platform] ?? INSTALL["linux"]}), or set CHROMIUM_PATH to its executable.`,
  );
}

const INSTALL: Partial<Record<NodeJS.Platform, string>> = {
  linux: "Debian/Ubuntu: sudo apt-get install chromium",
  darwin: "macOS: brew install --cask chromium, or install Google Chrome",
  win32: "Windows: winget install Google.Chrome",
};

/** Where Chromium and Chrome install themselves on each platform, most specific first. */
export function chromiumLocations(env: Readonly<Record<string, string | undefined>>, platform: NodeJS.Platform): string[] {
  if (platform === "darwin") {
    const apps = ["Chromium.app/Contents/MacOS/Chromium", "Google Chrome.app/Contents/MacOS/Google Chrome"];
    return [...apps.map((app) => `/Applications/${app}`), ...(env["HOME"] ? apps.map((app) => `${env["HOME"]}/Applications/${app}`) : [])];
  }
  if (platform === "win32") {
    const roots = [env["LOCALAPPDATA"], env["PROGRAMFILES"], env["PROGRAMFILES(X86)"]].filter((root): root is string => Boolean(root));
    return roots.flatMap((root) => [join(root, "Chromium", "Application", "chrome.exe"), join(root, "Google", "Chrome", "Application", "chrome.exe")]);
  }
  return [
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/snap/bin/chromium",
    "/usr/bin/google-chrome",
    "/usr/bin/google-chrome-stable",
    "/opt/google/chrome/chrome",
  ];
}
