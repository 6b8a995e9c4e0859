/* Suggestions for a text field from the server: <input data-suggest="/url?…" list="id"> fills
   the <datalist id="id"> with the names matching what is typed. Without script the field still
   works: the server matches the name on submit. */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  document.querySelectorAll("input[data-suggest]").forEach(function (field) {
    var list = document.getElementById(field.getAttribute("list"));
    var timer = null;
    var asked = "";
    if (!list) { return; }
    field.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var text = field.value.trim();
        if (!text || text === asked) { return; }
        asked = text;
        var url = field.dataset.suggest + (field.dataset.suggest.indexOf("?") < 0 ? "?" : "&") +
          "q=" + encodeURIComponent(text);
        fetch(url, { headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (body) {
            list.replaceChildren.apply(list, body.results.map(function (name) {
              var option = document.createElement("option");
              option.value = name;
              return option;
            }));
          })
          .catch(function () { /* no suggestions: typing the whole name still works */ });
      }, 200);
    });
  });
});
