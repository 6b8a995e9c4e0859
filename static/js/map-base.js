/* A Leaflet map in the page's language: the zoom buttons' titles come from the map box's
   data attributes, translated in the template, and the attribution names Leaflet without its
   English tooltip. Loaded after leaflet.js and before the page's own map script. */
(function () {
  "use strict";
  window.allianceMap = function (box) {
    var data = box.dataset;
    var map = L.map(box, { scrollWheelZoom: false, zoomControl: false });
    L.control.zoom({ zoomInTitle: data.zoomIn, zoomOutTitle: data.zoomOut }).addTo(map);
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    L.tileLayer(data.tiles, { maxZoom: 19, attribution: data.attribution }).addTo(map);
    return map;
  };
})();
