/* A public form's places narrow as the resident chooses: the compounds to the chosen
   community, the buildings to the chosen compound, read from /api/v1/places/. Without script
   the form's refresh buttons post it back to the server, which narrows them the same way. */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var form = document.querySelector("form[data-places-url]");
  if (!form || !window.fetch) { return; }
  var url = form.getAttribute("data-places-url");
  var community = form.querySelector("select[name=community]");
  var compound = form.querySelector("select[name=place]");
  var building = form.querySelector("select[name=building]");
  if (!community || !compound) { return; }
  form.querySelectorAll("[data-places-refresh]").forEach(function (button) {
    button.hidden = true;
  });

  function fill(select, rows) {
    if (!select) { return; }
    var chosen = select.value;
    // The first option is the empty choice ("---------"): it stays.
    while (select.options.length > 1) { select.remove(1); }
    rows.forEach(function (row) {
      var option = new Option(row.label, String(row.id));
      option.selected = String(row.id) === chosen;
      select.add(option);
    });
  }

  function load(select, param, id) {
    if (!id) {
      fill(select, []);
      return Promise.resolve();
    }
    select.setAttribute("aria-busy", "true");
    return fetch(url + "?" + param + "=" + encodeURIComponent(id), {
      headers: { Accept: "application/json" },
      credentials: "same-origin"
    })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .catch(function () { return { results: [] }; })
      .then(function (data) {
        fill(select, data.results || []);
        select.removeAttribute("aria-busy");
      });
  }

  community.addEventListener("change", function () {
    load(compound, "community", community.value).then(function () { fill(building, []); });
  });
  compound.addEventListener("change", function () {
    if (building) { load(building, "compound", compound.value); }
  });
});
