/* The check-in screen's code changes every minute, so the page reloads itself every
   data-refresh seconds, as <meta http-equiv="refresh"> did; but never while the organiser is
   ticking hours to review or choosing a decision: a reload then would throw their work away. */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var holder = document.querySelector("[data-refresh]");
  if (!holder) { return; }
  var seconds = parseInt(holder.getAttribute("data-refresh"), 10);
  if (!(seconds > 0)) { return; }
  var touched = false;
  document.querySelectorAll("main form").forEach(function (form) {
    form.addEventListener("change", function () { touched = true; });
    form.addEventListener("focusin", function () { touched = true; });
  });
  window.setInterval(function () {
    if (!touched) { window.location.reload(); }
  }, seconds * 1000);
});
