// Draws the goals dashboard's sparklines: each [data-vega-spec] names a JSON script with a Vega-Lite spec.
document.addEventListener("DOMContentLoaded", function () {
  if (typeof window.vegaEmbed !== "function") { return; }
  document.querySelectorAll("[data-vega-spec]").forEach(function (el) {
    var source = document.getElementById(el.getAttribute("data-vega-spec"));
    if (!source) { return; }
    window.vegaEmbed(el, JSON.parse(source.textContent), { actions: false, renderer: "svg" }).catch(function () {});
  });
});
