/* Draw every chart of the page with Vega-Embed (shipped in assets/vega.js); the static SVG stays as the
   fallback when scripts do not run. Specs are inline JSON (no fetch: pages work from file://). */
(function () {
  "use strict";
  function draw(el) {
    var node = document.getElementById(el.getAttribute("data-spec"));
    if (!node) { return; }
    var spec = JSON.parse(node.textContent);
    var target = document.createElement("div");
    target.className = "vega-target";
    el.appendChild(target);
    window.vegaEmbed(target, spec, { actions: false, renderer: "svg" }).then(function () {
      var img = el.querySelector("img.chart-static");
      if (img) { img.hidden = true; }
      el.classList.add("rendered");
    }).catch(function (err) {
      target.remove();
      console.error("chart " + el.getAttribute("data-spec") + ": " + err);
    });
  }
  if (window.vegaEmbed) {
    Array.prototype.forEach.call(document.querySelectorAll(".chart[data-spec]"), draw);
  }
}());
