/* hemigov serve: draw the page's charts with Vega-Embed (served from /static/vega.js, no CDN). Specs are
   inline JSON data blocks (not scripts), so the page needs no inline script. */
(function () {
  "use strict";
  function draw(el) {
    var node = document.getElementById(el.getAttribute("data-spec"));
    if (!node || !window.vegaEmbed) { return; }
    var spec = JSON.parse(node.textContent);
    window.vegaEmbed(el, spec, { actions: false, renderer: "svg" }).then(function () {
      el.classList.add("rendered");
    }).catch(function (err) {
      el.textContent = "chart could not be drawn: " + err;
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll(".chart[data-spec]"), draw);
  /* Fair-share calculator: select all / none of the sharing countries. */
  Array.prototype.forEach.call(document.querySelectorAll("[data-check]"), function (btn) {
    btn.addEventListener("click", function () {
      var on = btn.getAttribute("data-check") === "all";
      Array.prototype.forEach.call(document.querySelectorAll("input[name=countries]"), function (box) {
        box.checked = on;
      });
    });
  });
}());
