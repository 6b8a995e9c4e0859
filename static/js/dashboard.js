/* The dashboard's charts, drawn with Chart.js from the figures the page carries as JSON. The
   table under the charts holds the same numbers, with links, for anyone who cannot see them. */
(function () {
  "use strict";
  coverageMap();
  var source = document.getElementById("dashboard-data");
  if (!source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var s = data.series;
  var red = "#c8102e", blue = "#1a5fb4", green = "#2e7d32", grey = "#777";
  Chart.defaults.maintainAspectRatio = false;

  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (canvas) { canvas.parentNode.style.height = "280px"; new Chart(canvas, config); }
  }
  function bar(label, values, colour, axis) {
    return { type: "bar", label: label, data: values, backgroundColor: colour, yAxisID: axis || "y" };
  }
  function line(label, values, colour, axis) {
    return { type: "line", label: label, data: values, borderColor: colour, backgroundColor: colour, spanGaps: true, yAxisID: axis || "y" };
  }
  var percent = { position: "right", min: 0, max: 100, grid: { drawOnChartArea: false } };

  draw("chart-meetings", { data: { labels: data.labels, datasets: [
    bar(document.querySelector("#trend th:nth-child(2)").textContent, s.meetings_held, red),
    line(document.querySelector("#trend th:nth-child(3)").textContent, s.attendance_rate, blue, "pct")
  ] }, options: { scales: { pct: percent } } });
  draw("chart-items", { data: { labels: data.labels, datasets: [
    line(document.querySelector("#trend th:nth-child(5)").textContent, s.closure_rate, green, "pct"),
    bar(document.querySelector("#trend th:nth-child(6)").textContent, s.items_overdue, red)
  ] }, options: { scales: { pct: percent } } });
  draw("chart-pledges", { data: { labels: data.labels, datasets: [
    line(document.querySelector("#trend th:nth-child(7)").textContent, s.fulfilment_rate, red),
    line(document.querySelector("#trend th:nth-child(8)").textContent, s.satisfaction, blue)
  ] }, options: { scales: { y: { min: 0, max: 100 } } } });
  draw("chart-requests", { data: { labels: data.labels, datasets: [
    bar(document.querySelector("#trend th:nth-child(9)").textContent, s.requests_received, grey),
    bar(document.querySelector("#trend th:nth-child(10)").textContent, s.requests_done, green),
    line(document.querySelector("#trend th:nth-child(11)").textContent, s.hours_to_close, red, "h")
  ] }, options: { scales: { h: { position: "right", min: 0, grid: { drawOnChartArea: false } } } } });
  draw("chart-categories", { type: "doughnut", data: { labels: Object.keys(data.categories), datasets: [
    { data: Object.values(data.categories), backgroundColor: [red, blue, green, "#e0a800", "#6a1b9a", "#00838f", grey, "#8d6e63"] }
  ] } });
  draw("chart-hours", { data: { labels: data.labels, datasets: [
    bar(document.querySelector("#trend th:nth-child(12)").textContent, s.volunteer_hours, blue)
  ] } });

  /* Compounds on a map: green where a service is within the walk, red where nothing is. */
  function coverageMap() {
    var box = document.getElementById("coverage-map");
    var points = document.getElementById("coverage-data");
    if (!box || !points || typeof L === "undefined") { return; }
    var rows = JSON.parse(points.textContent);
    var map = window.allianceMap(box);
    var bounds = [];
    rows.forEach(function (row) {
      var colour = row.covered ? "#2e7d32" : "#c8102e";
      L.circleMarker([row.lat, row.lng], { radius: 6, color: colour, fillColor: colour, fillOpacity: 0.8 })
        .bindTooltip(row.name).addTo(map);
      bounds.push([row.lat, row.lng]);
    });
    if (bounds.length) { map.fitBounds(bounds, { padding: [20, 20] }); }
  }
})();
