// Printing an area's history: a "Print this page" button, every folded section opened,
// and every link's full address written after it (the print stylesheet shows it).
const opened = [];

function beforePrint() {
  document.querySelectorAll("details:not([open])").forEach((details) => {
    details.open = true;
    opened.push(details);
  });
  document.querySelectorAll("main a[href]").forEach((link) => {
    if (!link.getAttribute("href").startsWith("#")) link.dataset.printHref = link.href;
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
