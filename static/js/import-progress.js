/* An import's report page while its file is read: ask the progress endpoint every second and
   move the bar and the count, then load the page again once the worker has finished, so that
   the report appears. Without script the page falls back to a <noscript> refresh. */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var box = document.querySelector("[data-progress-url]");
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute("data-progress-url");
  var bar = box.querySelector("progress");
  var count = box.querySelector("[data-progress-count]");

  function show(state) {
    if (state.total) {
      bar.max = state.total;
      bar.value = Math.min(state.done, state.total);
    }
    bar.textContent = count.textContent = state.done + " / " + state.total;
  }

  function ask() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (!state) { window.setTimeout(ask, 3000); return; }
        show(state);
        if (state.running) { window.setTimeout(ask, 1000); } else { window.location.reload(); }
      })
      .catch(function () { window.setTimeout(ask, 3000); /* offline for a moment */ });
  }

  window.setTimeout(ask, 1000);
});
