/* Nothing typed is lost. Two things, driven by data-* attributes alone (no inline script: the
   Content-Security-Policy allows our own files only); without JavaScript the pages work as before.

   1. Drafts. A <form data-draft-key="user:form:object"> is copied to localStorage as the user types. Opened
      again with a draft that differs from what the form shows, the page offers it back ("Restore what you typed
      on ...?"). A submit marks the draft pending (sessionStorage): the next page clears it when the save
      succeeded (any other page, or the same form without errors), and keeps it when the form came back with
      errors or when the user was sent to sign in first (the session had expired: the sign-in page returns to the
      form through ?next=, where the draft is offered back).

   Signing out (the header's form[data-sign-out]) forgets every draft: nothing typed stays on a shared computer.

   2. The idle warning. <body data-idle-seconds="1800" data-keepalive-url="..." data-login-path="..."> shows a
      dialog five minutes before the idle sign-out, offering to stay signed in (a POST to the keep-alive URL). */
(function () {
  "use strict";
  var PREFIX = "lscb-draft:", PENDING = "lscb-draft-pending", WARN_BEFORE = 300;
  var signingOut = false;  // once the sign-out is sent, no draft is saved again (a blur's save still pending)
  var body = document.body;
  var loginPath = body.getAttribute("data-login-path") || "/accounts/login/";

  function storage(kind) {
    try { var s = window[kind]; s.setItem("lscb-probe", "1"); s.removeItem("lscb-probe"); return s; }
    catch (e) { return null; }
  }
  var local = storage("localStorage"), session = storage("sessionStorage");

  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      var type = (el.type || "").toLowerCase();
      return el.name && el.name !== "csrfmiddlewaretoken" && !el.disabled &&
        ["hidden", "file", "password", "submit", "button", "reset"].indexOf(type) < 0;
    });
  }

  function values(form) {
    var out = {};
    fields(form).forEach(function (el) {
      var type = (el.type || "").toLowerCase();
      if (type === "checkbox" || type === "radio") {
        if (!out[el.name]) { out[el.name] = []; }
        if (el.checked) { out[el.name].push(el.value); }
      } else if (el.multiple) {
        out[el.name] = Array.prototype.filter.call(el.options, function (o) { return o.selected; })
          .map(function (o) { return o.value; });
      } else {
        out[el.name] = el.value;
      }
    });
    return out;
  }

  function fill(form, saved) {
    fields(form).forEach(function (el) {
      if (!(el.name in saved)) { return; }
      var value = saved[el.name], type = (el.type || "").toLowerCase();
      if (type === "checkbox" || type === "radio") {
        el.checked = value.indexOf(el.value) >= 0;
      } else if (el.multiple) {
        Array.prototype.forEach.call(el.options, function (o) { o.selected = value.indexOf(o.value) >= 0; });
      } else {
        el.value = value;
      }
      el.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }

  function read(key) {
    try { return JSON.parse(local.getItem(PREFIX + key)); } catch (e) { return null; }
  }

  function offer(form, key, draft) {
    var box = document.createElement("div");
    box.className = "alert alert-info d-flex flex-wrap align-items-center gap-2";
    box.setAttribute("role", "status");
    var when = new Date(draft.saved).toLocaleString("en-GB", {
      day: "numeric", month: "long", hour: "2-digit", minute: "2-digit"
    });
    var text = document.createElement("span");
    text.textContent = "Restore what you typed on " + when + "?";
    var restore = document.createElement("button");
    restore.type = "button";
    restore.className = "btn btn-primary btn-sm";
    restore.textContent = "Restore";
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "btn btn-outline-secondary btn-sm";
    discard.textContent = "Discard";
    box.appendChild(text); box.appendChild(restore); box.appendChild(discard);
    form.parentNode.insertBefore(box, form);
    restore.addEventListener("click", function () {
      fill(form, draft.fields);
      box.remove();
      var first = fields(form)[0];
      if (first) { first.focus(); }
    });
    discard.addEventListener("click", function () {
      local.removeItem(PREFIX + key);
      box.remove();
      form.focus();
    });
  }

  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

  function watchDrafts() {
    if (!local) { return; }
    var forms = Array.prototype.slice.call(document.querySelectorAll("form[data-draft-key]"));
    var pending = session && session.getItem(PENDING);
    var onLogin = window.location.pathname.indexOf(loginPath) === 0;
    if (pending && !onLogin) {
      var here = forms.some(function (f) { return f.getAttribute("data-draft-key") === pending; });
      var afterSignIn = document.referrer.indexOf(loginPath) >= 0;
      var errors = document.querySelector("#form-errors, .is-invalid, [aria-invalid='true']");
      if (!(here && (afterSignIn || errors))) { local.removeItem(PREFIX + pending); }  // saved
      session.removeItem(PENDING);
    }
    forms.forEach(function (form) {
      var key = form.getAttribute("data-draft-key"), timer = null;
      var draft = read(key);
      if (draft && draft.fields && !same(draft.fields, values(form))) { offer(form, key, draft); }
      function save() {
        timer = null;
        if (signingOut) { return; }
        local.setItem(PREFIX + key, JSON.stringify({ saved: Date.now(), fields: values(form) }));
      }
      function later() { if (timer) { clearTimeout(timer); } timer = setTimeout(save, 300); }
      form.addEventListener("input", later);
      form.addEventListener("change", later);
      form.addEventListener("submit", function () {
        if (timer) { clearTimeout(timer); }
        save();
        if (session) { session.setItem(PENDING, key); }
      });
    });
  }

  function watchIdle() {
    var seconds = parseInt(body.getAttribute("data-idle-seconds"), 10);
    var url = body.getAttribute("data-keepalive-url");
    if (!seconds || !url || !window.fetch) { return; }
    var dialog = null, timer = null;

    function csrf() {
      var input = document.querySelector("input[name=csrfmiddlewaretoken]");
      return input ? input.value : "";
    }

    function hide() { if (dialog) { dialog.remove(); dialog = null; } }

    function signedOut() {
      var message = dialog.querySelector("[data-idle-text]");
      message.textContent = "You have been signed out. What you typed is kept in this browser: sign in again " +
        "and the form offers it back.";
      var link = document.createElement("a");
      link.href = loginPath + "?next=" + encodeURIComponent(window.location.pathname + window.location.search);
      link.textContent = "Sign in again";
      var button = dialog.querySelector("button");
      button.replaceWith(link);
      link.focus();
    }

    function stay() {
      fetch(url, {
        method: "POST", credentials: "same-origin",
        headers: { "X-CSRFToken": csrf(), "Accept": "application/json" }
      }).then(function (response) {
        if (response.status === 204) { hide(); start(); } else { signedOut(); }
      }).catch(signedOut);
    }

    function warn() {
      hide();
      dialog = document.createElement("div");
      dialog.className = "alert alert-warning position-fixed bottom-0 end-0 m-3 shadow";
      dialog.setAttribute("role", "alertdialog");
      dialog.setAttribute("aria-labelledby", "idle-title");
      dialog.setAttribute("aria-describedby", "idle-text");
      dialog.style.zIndex = 1080;
      dialog.innerHTML = '<h2 class="h6" id="idle-title">You will be signed out soon</h2>' +
        '<p id="idle-text" data-idle-text>For your security you will be signed out in 5 minutes unless you ' +
        'stay signed in.</p><button type="button" class="btn btn-primary btn-sm">Stay signed in</button>';
      dialog.querySelector("button").addEventListener("click", stay);
      main().appendChild(dialog);
      dialog.querySelector("button").focus();
      timer = setTimeout(function () { if (dialog) { signedOut(); } }, WARN_BEFORE * 1000);
    }

    function main() { return document.getElementById("main") || body; }

    function start() {
      if (timer) { clearTimeout(timer); }
      timer = setTimeout(warn, Math.max(seconds - WARN_BEFORE, 0) * 1000);
    }
    start();
  }

  /* Signing out on purpose leaves nothing typed behind on a shared computer: every draft goes. */
  function forgetOnSignOut() {
    if (!local) { return; }
    Array.prototype.forEach.call(document.querySelectorAll("form[data-sign-out]"), function (form) {
      form.addEventListener("submit", function () {
        signingOut = true;
        Object.keys(local).filter(function (k) { return k.indexOf(PREFIX) === 0; })
          .forEach(function (k) { local.removeItem(k); });
        if (session) { session.removeItem(PENDING); }
      });
    });
  }

  watchDrafts();
  watchIdle();
  forgetOnSignOut();
})();
