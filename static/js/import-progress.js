/* The import page's progress bar: polls the JSON progress endpoint and moves the <progress> element; when the file
   has been read (or could not be), reloads the page, which then shows the preview. Without JavaScript the page
   works by reloading it. No inline script: the Content-Security-Policy allows our own files only. */
(function () {
  "use strict";
  var box = document.querySelector("[data-import-progress]");
  if (!box || !window.fetch) { return; }
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-progress-text]");
  var delay = 1000;

  function show(data) {
    var total = Math.max(data.rows_total, data.rows_read, 1);
    bar.max = total;
    bar.value = data.rows_read;
    bar.textContent = data.percent + "%";
    text.textContent = data.rows_read + " of about " + total + " rows read (" + data.percent + "%).";
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
