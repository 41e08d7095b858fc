// Runs before `npm start`, `npm test` and `npm run test:browser` (npm's pre-scripts), on whatever
// Node.js is installed: so it is CommonJS in syntax every Node.js release can parse, and it says
// in one sentence what to do instead of letting a newer-syntax stack trace speak.
"use strict";

var REQUIRED = [20, 19];

/** The sentence to print when `version` (e.g. "20.18.1") is too old, or null when it is fine. */
function nodeVersionProblem(version) {
  var parts = String(version).replace(/^v/, "").split(".");
  var major = Number(parts[0]);
  var minor = Number(parts[1]);
  if (major > REQUIRED[0] || (major === REQUIRED[0] && minor >= REQUIRED[1])) return null;
  return (
    "edgefeed needs Node.js " + REQUIRED.join(".") + " or newer, and this is Node.js " + version +
    ". Install the current LTS from https://nodejs.org (or `nvm install --lts`), then run `npm ci` again."
  );
}

module.exports = { nodeVersionProblem: nodeVersionProblem };

if (require.main === module) {
  var problem = nodeVersionProblem(process.versions.node);
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
}
