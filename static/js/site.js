/* Small behaviours every page shares, kept out of the markup so that the Content-Security-Policy
   can refuse inline script: a select that submits its form, a button that prints the page. */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  document.querySelectorAll("[data-submit-on-change]").forEach(function (field) {
    field.addEventListener("change", function () { field.form.submit(); });
  });
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  // The menu button: on narrow screens the navigation folds away behind it. Without script
  // the navigation stays open, as a plain list of links.
  var header = document.querySelector(".site-header");
  var menu = header && header.querySelector(".menu-button");
  if (menu) {
    header.classList.add("menu-ready");
    menu.hidden = false;
    menu.addEventListener("click", function () {
      var open = header.classList.toggle("menu-open");
      menu.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  // The user menu closes when a tap lands elsewhere.
  document.addEventListener("click", function (event) {
    document.querySelectorAll("details.user-menu[open]").forEach(function (details) {
      if (!details.contains(event.target)) { details.open = false; }
    });
  });
});
