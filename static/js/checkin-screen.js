/* The organiser's check-in screen: every half minute fetch the page again and swap in the new QR
   code and the stays, instead of reloading the whole page, which would throw away the organiser's
   ticks in the review form (and is a timed refresh that WCAG 2.2.1 asks pages to avoid). Without
   script the page falls back to a <noscript> refresh. */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var qr = document.querySelector("[data-refresh-every]");
  var stays = document.querySelector("[data-stays]");
  if (!qr || !window.fetch || !window.DOMParser) { return; }
  var seconds = parseInt(qr.getAttribute("data-refresh-every"), 10) || 30;

  function swap(html) {
    var fresh = new DOMParser().parseFromString(html, "text/html");
    var freshQr = fresh.querySelector("[data-refresh-every]");
    var freshStays = fresh.querySelector("[data-stays]");
    if (freshQr) { qr.innerHTML = freshQr.innerHTML; }
    if (stays && freshStays) {
      var unticked = {};
      stays.querySelectorAll("input[name=checkin]").forEach(function (box) {
        if (!box.checked) { unticked[box.value] = true; }
      });
      stays.innerHTML = freshStays.innerHTML;
      stays.querySelectorAll("input[name=checkin]").forEach(function (box) {
        if (unticked[box.value]) { box.checked = false; }
      });
    }
  }

  window.setInterval(function () {
    fetch(window.location.href, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html) { swap(html); } })
      .catch(function () { /* offline for a moment: try again at the next turn */ });
  }, seconds * 1000);
});
