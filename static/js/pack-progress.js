/* A report pack's progress bar: polls the pack's JSON progress endpoint and moves the <progress> element; when the
   pack is made (or has failed), reloads the page, which then offers the download. Without JavaScript the page
   works by reloading it (its link says so). No inline script: the Content-Security-Policy allows our own files only. */
(function () {
  "use strict";
  var box = document.querySelector("[data-pack-progress]");
  if (!box || !window.fetch) { return; }
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-progress-text]");
  var delay = 1000;

  function show(data) {
    bar.max = Math.max(data.total, 1);
    bar.value = data.done;
    bar.textContent = data.percent + "%";
    text.textContent = data.done + " of " + data.total + " boards done (" + data.percent + "%): " +
      data.status_label.toLowerCase() + ".";
  }

  function poll() {
    fetch(box.getAttribute("data-url"), { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (data) {
        show(data);
        if (data.finished) {
          text.textContent = data.status_label + ": loading the page…";
          window.location.assign(data.url);
        } else {
          delay = 1000;
          window.setTimeout(poll, delay);
        }
      })
      .catch(function () {
        delay = Math.min(delay * 2, 15000);  // the server is busy or gone: back off, keep trying
        window.setTimeout(poll, delay);
      });
  }

  window.setTimeout(poll, delay);
}());
