/**
 * /copy.js: progressive enhancement for the feed lists. Buttons with `data-copy` ship `hidden`;
 * this script reveals them and copies their URL on click. Without it (no JavaScript, or a
 * browser without the Clipboard API) the URLs stay visible as selectable links. Served as a
 * same-origin file because the Content-Security-Policy forbids inline script.
 */
export function renderCopyScript(): string {
  return COPY_SCRIPT;
}

const COPY_SCRIPT = `"use strict";
(function () {
  if (!navigator.clipboard) return;
  for (const button of document.querySelectorAll("button[data-copy]")) {
    const label = button.innerHTML;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.dataset.copy).then(
        function () {
          button.textContent = "Copied";
          button.setAttribute("data-copied", "");
          setTimeout(function () {
            button.innerHTML = label;
            button.removeAttribute("data-copied");
          }, 2000);
        },
        function () {
          button.textContent = "Select and copy the address";
        },
      );
    });
  }
})();
`;
