// A button that prints the page. Hidden until this script runs: without it, Ctrl+P still works.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
