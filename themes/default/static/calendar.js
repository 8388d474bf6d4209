// Optional enhancement: hides dates that have passed since the page was built. Every date carries
// its end in `data-end`; inside `data-past="keep"` (a month page) past dates are only marked. A
// list left empty gives way to its "no dates" message, a month section on the calendar goes.
// A registration block (`data-closes`) says it is closed once its deadline has passed.
// Without this script the pages show what was current at the last build.
(function () {
  var now = Date.now();
  var items = document.querySelectorAll("[data-end]");
  for (var i = 0; i < items.length; i++) {
    var end = Date.parse(items[i].getAttribute("data-end"));
    if (isNaN(end) || end > now) continue;
    if (items[i].closest("[data-past=keep]")) items[i].classList.add("is-past");
    else items[i].hidden = true;
  }
  // A registration whose deadline has passed says so: `data-closes` holds the instant.
  var registrations = document.querySelectorAll("[data-closes]");
  for (var k = 0; k < registrations.length; k++) {
    var closes = Date.parse(registrations[k].getAttribute("data-closes"));
    if (isNaN(closes) || closes > now) continue;
    var open = registrations[k].querySelectorAll("[data-while-open]");
    for (var m = 0; m < open.length; m++) open[m].hidden = true;
    var closed = registrations[k].querySelector("[data-when-closed]");
    if (closed) closed.hidden = false;
  }
  var lists = document.querySelectorAll(".occurrences, .date-rows");
  for (var j = 0; j < lists.length; j++) {
    if (lists[j].querySelector("[data-end]:not([hidden])")) continue;
    var group = lists[j].closest(".month-group");
    var empty = lists[j].nextElementSibling;
    lists[j].hidden = true;
    if (group) group.hidden = true;
    else if (empty && empty.classList.contains("empty")) empty.hidden = false;
  }
})();
