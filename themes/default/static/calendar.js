// Optional: hides dates that have passed since the page was built. Every date carries its end in
// `data-end`; without this script the pages show what was current at the last build.
(function () {
  var now = Date.now();
  var items = document.querySelectorAll("[data-end]");
  for (var i = 0; i < items.length; i++) {
    var end = Date.parse(items[i].getAttribute("data-end"));
    if (!isNaN(end) && end < now) {
      items[i].hidden = true;
    }
  }
})();
