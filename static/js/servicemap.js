/* The service map: sites in the visible box from the API, clustered, filtered by kind, and the
   walk circle around the chosen compound. The list below the map works without any of this. */
(function () {
  "use strict";
  var box = document.getElementById("map");
  if (!box || typeof L === "undefined") { return; }
  var data = box.dataset;
  var centre = [parseFloat(data.lat), parseFloat(data.lng)];
  var map = L.map(box, { scrollWheelZoom: false }).setView(centre, parseInt(data.zoom, 10) || 15);
  L.tileLayer(data.tiles, { maxZoom: 19, attribution: data.attribution }).addTo(map);
  var cluster = L.markerClusterGroup();
  map.addLayer(cluster);
  if (data.radius) {
    L.circle(centre, { radius: parseFloat(data.radius), color: "#c8102e", fillOpacity: 0.06 }).addTo(map);
    L.circleMarker(centre, { radius: 6, color: "#c8102e", fillOpacity: 1 }).addTo(map);
  }
  var kind = document.getElementById("kind");

  function text(tag, value) {
    var node = document.createElement(tag);
    node.textContent = value;
    return node;
  }

  function load() {
    var b = map.getBounds();
    var url = data.api + "?page_size=500&bbox=" + [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].join(",");
    if (kind && kind.value) { url += "&kind=" + encodeURIComponent(kind.value); }
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { results: [] }; })
      .then(function (body) {
        cluster.clearLayers();
        (body.results || []).forEach(function (site) {
          var popup = document.createElement("div");
          popup.appendChild(text("strong", site.name));
          popup.appendChild(text("div", site.kind_label));
          popup.appendChild(text("div", site.address + " · " + site.hours));
          cluster.addLayer(L.marker([parseFloat(site.latitude), parseFloat(site.longitude)], { title: site.name }).bindPopup(popup));
        });
      })
      .catch(function () { /* the list below still answers */ });
  }

  map.on("moveend", load);
  if (kind) { kind.addEventListener("change", load); }
  load();
})();
