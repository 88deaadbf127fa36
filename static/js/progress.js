/* A background job's progress bar (a plan import being read, a report pack being made), driven by data-* attributes
   alone:

     <div data-progress-url="/the/json/progress/endpoint/">
       <label for="x">...</label> <progress id="x" max="..." value="...">n%</progress>
       <p role="status" aria-live="polite" data-progress-text>...</p>
     </div>

   Polls the URL, which answers in the one JSON shape of lscb/progress.py ({state, label, done, total, percent,
   message, next_url}), moves the <progress> element and puts the message in the polite live region; once the state
   is no longer "running" (done, or failed), goes to next_url, the page that shows the preview, the download or what
   went wrong. Without JavaScript the page works by reloading it (its link says so). No inline script: the
   Content-Security-Policy allows our own files only. */
(function () {
  "use strict";
  if (!window.fetch) { return; }
  var FIRST = 1000, LONGEST = 15000;

  function watch(box) {
    var url = box.getAttribute("data-progress-url");
    var bar = box.querySelector("progress");
    var text = box.querySelector("[data-progress-text]");
    var delay = FIRST;
    if (!url) { return; }

    function show(data) {
      if (bar) {
        bar.max = Math.max(data.total, data.done, 1);
        bar.value = data.done;
        bar.textContent = data.percent + "%";
      }
      if (text) { text.textContent = data.message; }
    }

    function poll() {
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) {
          if (!response.ok) { throw new Error("HTTP " + response.status); }
          return response.json();
        })
        .then(function (data) {
          show(data);
          if (data.state !== "running") {
            if (text) { text.textContent = data.label + ": loading the page…"; }
            window.location.assign(data.next_url);
          } else {
            delay = FIRST;
            window.setTimeout(poll, delay);
          }
        })
        .catch(function () {
          delay = Math.min(delay * 2, LONGEST);  // the server is busy or gone: back off, keep trying
          window.setTimeout(poll, delay);
        });
    }

    window.setTimeout(poll, delay);
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-progress-url]"), watch);
}());
