// Printing an area's history: a "Print this page" button, and every folded section opened
// while it prints (the print stylesheet also shows their contents, and writes each link's
// whole address after it).
const opened = [];

function beforePrint() {
  document.querySelectorAll("details:not([open])").forEach((details) => {
    details.open = true;
    opened.push(details);
  });
}

function afterPrint() {
  while (opened.length) opened.pop().open = false;
}

window.addEventListener("beforeprint", beforePrint);
window.addEventListener("afterprint", afterPrint);

document.querySelectorAll("[data-print-button]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
