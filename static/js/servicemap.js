/* The service map. On the walk page: sites in the visible box from the API, clustered and
   filtered by kind, the walk circle, and a search from the phone's location or from a tap on
   the map. On a site's page: that one site. The lists on both pages work without any of this. */
(function () {
  "use strict";
  var box = document.getElementById("map");
  if (!box || typeof L === "undefined") { return; }
  var data = box.dataset;
  var centre = [parseFloat(data.lat), parseFloat(data.lng)];
  var map = window.allianceMap(box).setView(centre, parseInt(data.zoom, 10) || 15);

  if (data.only) {
    L.marker(centre, { title: data.only, alt: data.only }).addTo(map);
    return;
  }

  var cluster = L.markerClusterGroup();
  map.addLayer(cluster);
  if (data.radius) {
    var walk = L.circle(centre, { radius: parseFloat(data.radius), color: "#c8102e", fillOpacity: 0.06 }).addTo(map);
    L.circleMarker(centre, { radius: 6, color: "#c8102e", fillOpacity: 1 }).addTo(map);
    map.fitBounds(walk.getBounds());
  }
  var form = document.getElementById("walk-form");
  var kind = document.getElementById("kind");
  var status = document.getElementById("locate-status");

  function text(tag, value) {
    var node = document.createElement(tag);
    node.textContent = value;
    return node;
  }

  function popupFor(site) {
    var popup = document.createElement("div");
    popup.appendChild(text("strong", site.name));
    popup.appendChild(text("div", site.kind_label));
    popup.appendChild(text("div", site.address + " · " + site.hours));
    var link = text("a", data.open);
    link.href = site.url;
    popup.appendChild(link);
    return popup;
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
          var at = [parseFloat(site.latitude), parseFloat(site.longitude)];
          cluster.addLayer(L.marker(at, { title: site.name, alt: site.name }).bindPopup(popupFor(site)));
        });
      })
      .catch(function () { /* the list below still answers */ });
  }

  /* Search from a point: the same form, with the point instead of a compound. */
  function searchFrom(lat, lng) {
    if (!form) { return; }
    var params = new URLSearchParams(new FormData(form));
    params.delete("compound");
    params.set("lat", lat.toFixed(6));
    params.set("lng", lng.toFixed(6));
    window.location.assign(window.location.pathname + "?" + params.toString());
  }

  if (data.pick) {
    map.on("click", function (event) { searchFrom(event.latlng.lat, event.latlng.lng); });
    var hint = document.getElementById("map-hint");
    if (hint) { hint.hidden = false; }
    var locate = document.getElementById("locate");
    if (locate && navigator.geolocation) {
      locate.hidden = false;
      locate.addEventListener("click", function () {
        if (status) { status.textContent = data.locating; }
        navigator.geolocation.getCurrentPosition(
          function (where) { searchFrom(where.coords.latitude, where.coords.longitude); },
          function () { if (status) { status.textContent = data.denied; } },
          { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 }
        );
      });
    }
  }

  map.on("moveend", load);
  if (kind) { kind.addEventListener("change", load); }
  load();
})();
