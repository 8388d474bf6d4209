// Treffpunkt's preview: reloads the page when a rebuild has finished, swaps the stylesheets when
// only they changed, and shows a failed rebuild's problems over the page until they are fixed.
// Only `treffpunkt serve` adds this script; a built site never contains it.
(function () {
  "use strict";
  var script = document.currentScript;
  var generation = Number(script && script.dataset.generation) || 0;
  var overlay = null;
  var previousFocus = null;

  function showProblems(text) {
    if (!overlay) {
      previousFocus = document.activeElement;
      // A modal <dialog>: the top layer, an inert page behind it, Escape closes it.
      var dialog = (overlay = document.createElement("dialog"));
      dialog.id = "treffpunkt-problems";
      dialog.lang = "en";
      dialog.setAttribute("role", "alertdialog");
      dialog.setAttribute("aria-labelledby", "treffpunkt-problems-title");
      dialog.setAttribute("aria-describedby", "treffpunkt-problems-text");
      dialog.style.cssText =
        "position:fixed;inset:0;z-index:2147483647;box-sizing:border-box;width:100%;height:100%;" +
        "max-width:none;max-height:none;overflow:auto;overscroll-behavior:contain;margin:0;" +
        "border:0;padding:1.5rem;background:#1d1d1d;color:#f5f5f5;color-scheme:dark;" +
        "text-align:left;hyphens:none;overflow-wrap:anywhere;" +
        "font:15px/1.5 ui-monospace,Menlo,Consolas,monospace";
      var title = document.createElement("h2");
      title.id = "treffpunkt-problems-title";
      title.style.cssText =
        "margin:0 0 1rem;font:inherit;font-size:1.2rem;font-weight:700;hyphens:none;color:#ff8f8f";
      title.textContent = "The rebuild failed. The page shows the last good version.";
      var problems = document.createElement("pre");
      problems.id = "treffpunkt-problems-text";
      problems.style.cssText =
        "white-space:pre-wrap;overflow-wrap:anywhere;margin:0 0 1rem;padding:0;border:0;" +
        "font:inherit;color:inherit;background:none";
      var hint = document.createElement("p");
      hint.style.cssText = "margin:0 0 1rem;color:inherit";
      hint.textContent = "Fix the file and save it: this message goes away by itself.";
      var close = document.createElement("button");
      close.type = "button";
      close.textContent = "Hide";
      close.style.cssText =
        "min-width:44px;min-height:44px;padding:0.5rem 1rem;border:0;border-radius:4px;" +
        "font:inherit;color:#1d1d1d;background:#f5f5f5;cursor:pointer;" +
        "outline-color:#f5f5f5;outline-offset:3px";
      close.addEventListener("click", hideProblems);
      // Escape closes a modal dialog by itself; forget it then.
      dialog.addEventListener("close", function () {
        if (overlay === dialog) hideProblems();
      });
      dialog.append(title, problems, hint, close);
      document.body.appendChild(dialog);
      if (typeof dialog.showModal === "function") dialog.showModal();
      else dialog.setAttribute("open", "");
      close.focus();
    }
    overlay.querySelector("pre").textContent = text;
  }

  function hideProblems() {
    if (!overlay) return;
    var dialog = overlay;
    overlay = null;
    if (dialog.open && typeof dialog.close === "function") dialog.close();
    dialog.remove();
    if (previousFocus && previousFocus.isConnected && typeof previousFocus.focus === "function") {
      previousFocus.focus({ preventScroll: true });
    }
    previousFocus = null;
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
