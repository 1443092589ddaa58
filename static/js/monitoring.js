// Draws the monitoring charts: each [data-vega-spec] names a JSON script holding a Vega-Lite spec built on the server.
document.addEventListener("DOMContentLoaded", function () {
  if (typeof window.vegaEmbed !== "function") { return; }
  var danish = document.documentElement.lang !== "en";
  var options = { actions: false, renderer: "svg" };
  if (danish) {
    options.formatLocale = { decimal: ",", thousands: ".", grouping: [3], currency: ["", " kr."] };
    options.timeFormatLocale = {
      dateTime: "%A den %d %B %Y %X", date: "%d.%m.%Y", time: "%H:%M:%S", periods: ["AM", "PM"],
      days: ["søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"],
      shortDays: ["søn", "man", "tir", "ons", "tor", "fre", "lør"],
      months: ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december"],
      shortMonths: ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
    };
  }
  document.querySelectorAll("[data-vega-spec]").forEach(function (el) {
    var source = document.getElementById(el.getAttribute("data-vega-spec"));
    if (!source) { return; }
    window.vegaEmbed(el, JSON.parse(source.textContent), options).catch(function () {});
  });
});
