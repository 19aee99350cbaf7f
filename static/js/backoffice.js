// Statements: a print button for browsers with JavaScript (printing from the menu works anyway).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
