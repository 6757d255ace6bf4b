// openfiu: small progressive enhancements; the pages work without JavaScript.
// Served as a file (the Content-Security-Policy allows no inline scripts).
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // Disable a form's submit button while it is being sent, so a search is not sent twice.
  document.querySelectorAll("form[data-busy-text]").forEach(function (form) {
    form.addEventListener("submit", function () {
      var button = form.querySelector("button[type=submit]");
      if (button) {
        button.disabled = true;
        button.textContent = form.getAttribute("data-busy-text");
      }
    });
  });
});
