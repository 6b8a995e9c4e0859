/* The attendance sheet: every ten seconds ask which units have checked in by the meeting's QR
   code and mark them present, except on lines the secretary has changed by hand. Without script
   the sheet works the same; reloading the page shows the check-ins. */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var sheet = document.querySelector("form[data-live]");
  if (!sheet || !window.fetch) { return; }
  var touched = {};
  sheet.addEventListener("change", function (event) {
    var line = event.target.closest("[data-unit]");
    if (line) { touched[line.getAttribute("data-unit")] = true; }
  });
  function fill(data) {
    (data.checked_in || []).forEach(function (row) {
      var line = sheet.querySelector('[data-unit="' + row.unit + '"]');
      if (!line) { return; }
      var note = line.querySelector("[data-checkin]");
      if (note) { note.textContent = note.getAttribute("data-label") + " " + row.at; }
      if (touched[row.unit]) { return; }
      var present = line.querySelector('input[type=radio][value="present"]');
      if (present && !present.checked) { present.checked = true; line.classList.add("just-in"); }
    });
  }
  function poll() {
    fetch(sheet.getAttribute("data-live"), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : {}; })
      .then(fill)
      .catch(function () { /* the next poll tries again */ });
  }
  poll();
  window.setInterval(poll, 10000);
});
