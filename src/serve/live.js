// Treffpunkt's preview: reloads the page when a rebuild has finished, swaps the stylesheets when
// only they changed, and shows a failed rebuild's problems over the page until they are fixed.
// Only `treffpunkt serve` adds this script; a built site never contains it.
(function () {
  "use strict";
  var script = document.currentScript;
  var generation = Number(script && script.dataset.generation) || 0;
  var overlay = null;

  function showProblems(text) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "treffpunkt-problems";
      overlay.setAttribute("role", "alertdialog");
      overlay.setAttribute("aria-labelledby", "treffpunkt-problems-title");
      overlay.style.cssText =
        "position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;padding:1.5rem;" +
        "background:#1d1d1d;color:#f5f5f5;font:15px/1.5 ui-monospace,Menlo,Consolas,monospace";
      var title = document.createElement("h2");
      title.id = "treffpunkt-problems-title";
      title.style.cssText = "margin:0 0 1rem;font-size:1.2rem;color:#ff8f8f";
      title.textContent = "The rebuild failed. The page shows the last good version.";
      var problems = document.createElement("pre");
      problems.style.cssText = "white-space:pre-wrap;margin:0 0 1rem";
      var hint = document.createElement("p");
      hint.textContent = "Fix the file and save it: this message goes away by itself.";
      var close = document.createElement("button");
      close.type = "button";
      close.textContent = "Hide";
      close.addEventListener("click", hideProblems);
      overlay.append(title, problems, hint, close);
      document.body.appendChild(overlay);
      close.focus();
    }
    overlay.querySelector("pre").textContent = text;
  }

  function hideProblems() {
    if (overlay) {
      overlay.remove();
      overlay = null;
    }
  }

  function swapStylesheets() {
    document.querySelectorAll('link[rel~="stylesheet"]').forEach(function (link) {
      var url = new URL(link.href, location.href);
      if (url.origin !== location.origin) return;
      url.searchParams.set("treffpunkt", String(Date.now()));
      link.href = url.href;
    });
  }

  // A path at the page's own origin: works on any address, port and behind a proxy.
  var events = new EventSource("/__treffpunkt/events");
  events.onmessage = function (message) {
    var state = JSON.parse(message.data);
    if (state.error) {
      showProblems(state.error);
      return;
    }
    hideProblems();
    if (state.pages_generation > generation) {
      events.close();
      location.reload();
    } else if (state.generation > generation) {
      generation = state.generation;
      swapStylesheets();
    }
  };
})();
