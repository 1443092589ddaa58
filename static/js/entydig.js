// Entydig's own behaviour: initialise the design system's components and ask before destructive forms.
// (Inline handlers are blocked by the Content-Security-Policy, so behaviour is attached here.)
document.addEventListener("DOMContentLoaded", function () {
  if (window.DKFDS && typeof window.DKFDS.init === "function") {
    window.DKFDS.init();
  }
});

document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form && form.getAttribute && form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
