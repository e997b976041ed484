/* hemigov serve: draw the page's charts with Vega-Embed (served from /static/vega.js, no CDN). Specs are
   inline JSON data blocks (not scripts), so the page needs no inline script. Every control is a GET form, so a
   view's state is its address; the scripts below only make the forms quicker to use. */
(function () {
  "use strict";
  function each(selector, fn) { Array.prototype.forEach.call(document.querySelectorAll(selector), fn); }

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
  each(".chart[data-spec]", draw);

  /* Fair-share calculator: select all / none of the sharing countries. */
  each("[data-check]", function (btn) {
    btn.addEventListener("click", function () {
      var on = btn.getAttribute("data-check") === "all";
      each("input[type=checkbox][name=countries]", function (box) { box.checked = on; });
    });
  });

  /* A view toggle (absolute, per capita, share) redraws at once: submit its form. */
  each("fieldset.views input[type=radio]", function (radio) {
    radio.addEventListener("change", function () { if (radio.form) { radio.form.submit(); } });
  });

  /* A scenario's controls recompute at once: a changed control submits its form (the address keeps it). */
  each("form[data-autosubmit] select, form[data-autosubmit] input", function (ctl) {
    ctl.addEventListener("change", function () { if (ctl.form) { ctl.form.submit(); } });
  });

  /* The country list: filter as you type; the address keeps the search (?q=). */
  var search = document.getElementById("country-search");
  if (search) {
    var rows = document.querySelectorAll("table#countries tbody tr");
    var count = document.getElementById("shown-count");
    search.addEventListener("input", function () {
      var q = search.value.trim().toLowerCase();
      var shown = 0;
      Array.prototype.forEach.call(rows, function (tr) {
        var hit = !q || tr.textContent.toLowerCase().indexOf(q) >= 0;
        tr.hidden = !hit;
        if (hit) { shown += 1; }
      });
      if (count) { count.textContent = String(shown); }
      var url = new URL(window.location.href);
      if (q) { url.searchParams.set("q", search.value.trim()); } else { url.searchParams.delete("q"); }
      window.history.replaceState(null, "", url.pathname + url.search);
    });
  }

  /* The embed code: selected when focused, ready to copy. */
  var code = document.getElementById("embed-code");
  if (code) { code.addEventListener("focus", function () { code.select(); }); }
}());
