/* Draw every chart of the page with Vega-Embed (shipped in assets/vega.js); a static SVG, where the build drew
   one, stays as the fallback when scripts do not run. Specs are inline JSON (no fetch: pages work from file://).
   Before printing, every folded table and list is unfolded so that the PDF holds it whole. */
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
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details:not([open])"), function (d) {
      d.setAttribute("open", "");
      d.setAttribute("data-print-opened", "");
    });
  });
  window.addEventListener("afterprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details[data-print-opened]"), function (d) {
      d.removeAttribute("open");
      d.removeAttribute("data-print-opened");
    });
  });
}());
