/*
 * Saves that survive the network: the finding rows of a round, a reflection, a dose.
 *
 * Each such form says `data-save` and carries an edit key (templatetags/edit_keys.py). htmx
 * sends it as before; this script watches the answers:
 *
 * - no answer (the network is down, the request timed out) or a gateway's 502, 503 or 504: the
 *   values stay in the form and are kept in localStorage (per page and form), the row says
 *   "Not saved", a banner counts the values waiting, and the form is sent again, with the same
 *   edit key, after a growing pause and at once when the browser is back online. The server
 *   applies an edit key once (clinic/idempotency.py), so a copy whose answer was lost is not
 *   applied twice.
 * - any other answer settles it: htmx shows the server's "Saved" or its refusal (a 409 stale
 *   edit, a value it refuses), and a refusal is never sent again.
 *
 * A value changed while an earlier copy is waiting is a new edit: it goes with a new key.
 * Leaving the page with values waiting asks first. After a reload the waiting values are put
 * back in their fields and sent again; a form no longer on the page (an inline dose form) is
 * sent as a plain form post, and the page reloaded once every such value is saved.
 */
(function () {
  "use strict";

  var storage = null;
  try {
    storage = window.localStorage;
  } catch (error) {
    storage = null;
  }
  // Per login and clinic: what one member left waiting is never sent as another's.
  var script = document.currentScript;
  var login = (script && script.dataset.login) || "";
  var STORE = "retest:waiting:" + login + ":" + window.location.pathname;
  var CSRF = "csrfmiddlewaretoken";
  var KEY = "edit_key";
  var RETRY_STATUS = [0, 502, 503, 504];
  var FIRST_PAUSE = 2000;
  var LONGEST_PAUSE = 60000;
  var KEEP_DAYS = 7;

  // Form id → {url, values: [[name, value], …], sent: the values the key went with, at}.
  var waiting = {};
  var tries = 0;
  var timer = null;
  var banner = null;

  function uuid4() {
    if (window.crypto && window.crypto.randomUUID) {
      return window.crypto.randomUUID();
    }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map
      .call(bytes, function (b) {
        return (b + 0x100).toString(16).slice(1);
      })
      .join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  function saveForm(elt) {
    return elt && elt.closest ? elt.closest("form[data-save]") : null;
  }

  function pairs(form) {
    var found = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== CSRF && typeof value === "string") {
        found.push([name, value]);
      }
    });
    return found;
  }

  // The values an edit is made of: all but its key.
  function signature(values) {
    return JSON.stringify(
      values.filter(function (pair) {
        return pair[0] !== KEY;
      })
    );
  }

  function keyInput(form) {
    return form.querySelector("[data-edit-key]");
  }

  function count() {
    return Object.keys(waiting).length;
  }

  function store() {
    if (!storage) {
      return;
    }
    try {
      if (count()) {
        storage.setItem(STORE, JSON.stringify(waiting));
      } else {
        storage.removeItem(STORE);
      }
    } catch (error) {
      // Storage full or refused: the values are still kept in the page.
    }
  }

  function statusOf(form) {
    var status = form.querySelector("[data-save-status]");
    if (!status) {
      status = document.createElement("p");
      status.className = "save-state";
      status.setAttribute("role", "status");
      status.setAttribute("aria-live", "polite");
      status.setAttribute("data-save-status", "");
      var actions = form.querySelector(".actions");
      (actions || form).appendChild(status);
    }
    return status;
  }

  function say(form, text, kind) {
    var status = statusOf(form);
    status.textContent = "";
    var span = document.createElement("span");
    span.className = kind;
    span.textContent = text;
    status.appendChild(span);
  }

  function showBanner() {
    if (!banner) {
      banner = document.createElement("div");
      banner.id = "saves-banner";
      banner.className = "saves-banner";
      banner.setAttribute("role", "status");
      banner.setAttribute("aria-live", "polite");
      var main = document.getElementById("main") || document.body;
      main.insertBefore(banner, main.firstChild);
    }
    var n = count();
    banner.hidden = n === 0;
    if (n === 0) {
      banner.textContent = "";
      return;
    }
    var values = n === 1 ? "1 value waiting" : n + " values waiting";
    banner.textContent = navigator.onLine === false
      ? "Offline — " + values + ". They are sent when the connection is back: keep this page open."
      : "Not saved yet — " + values + ". Sending again…";
  }

  function schedule() {
    if (timer) {
      window.clearTimeout(timer);
      timer = null;
    }
    if (!count()) {
      tries = 0;
      return;
    }
    var pause = Math.min(LONGEST_PAUSE, FIRST_PAUSE * Math.pow(2, tries));
    tries += 1;
    timer = window.setTimeout(sendAll, pause + Math.random() * 500);
  }

  function keep(form, sent) {
    waiting[form.id] = {
      url: form.getAttribute("hx-post") || form.action,
      values: pairs(form),
      sent: sent,
      at: Date.now(),
    };
    store();
    showBanner();
    say(form, "✗ Not saved yet: the connection failed. What you typed is kept here and sent again.", "state-refused");
  }

  function settle(form) {
    delete form.dataset.sent;
    if (waiting[form.id]) {
      delete waiting[form.id];
      store();
      showBanner();
    }
  }

  // Each copy of a form's values goes with the key they were first sent with; values changed
  // since are another edit, with a key of its own.
  document.addEventListener("htmx:configRequest", function (event) {
    var form = event.detail.verb === "post" ? saveForm(event.detail.elt) : null;
    var input = form && keyInput(form);
    if (!input) {
      return;
    }
    var now = signature(pairs(form));
    if (form.dataset.sent !== undefined && form.dataset.sent !== now) {
      input.value = uuid4();
    }
    form.dataset.sent = now;
    if (event.detail.formData && event.detail.formData.set) {
      event.detail.formData.set(KEY, input.value);
    } else if (event.detail.parameters) {
      event.detail.parameters[KEY] = input.value;
    }
    if (waiting[form.id] || !form.hasAttribute("hx-indicator")) {
      say(form, "Saving…", "state-saving");
    }
  });

  // The form a request was sent for. An answer that replaced the form is reported on an
  // element still in the page, with `detail.elt` that element: the request remembers its form.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var config = event.detail.requestConfig;
    var form = config && config.verb === "post" ? saveForm(event.detail.elt) : null;
    if (form && event.detail.xhr) {
      event.detail.xhr.retestSaveForm = form;
    }
  });

  function formOf(event) {
    var xhr = event.detail.xhr;
    return (xhr && xhr.retestSaveForm) || null;
  }

  function networkFailed(event) {
    var form = formOf(event);
    if (form && form.id) {
      keep(form, form.dataset.sent);
      if (!timer) {
        schedule();
      }
    }
  }
  document.addEventListener("htmx:sendError", networkFailed);
  document.addEventListener("htmx:timeout", networkFailed);

  document.addEventListener("htmx:afterRequest", function (event) {
    var form = formOf(event);
    var xhr = event.detail.xhr;
    if (!form || xhr.status === 0) {
      return; // no answer: htmx:sendError or htmx:timeout follows
    }
    if (RETRY_STATUS.indexOf(xhr.status) >= 0) {
      keep(form, form.dataset.sent);
      if (!timer) {
        schedule();
      }
      return;
    }
    settle(form);
    if (xhr.status >= 400 && xhr.status !== 409 && xhr.status !== 422) {
      // An answer htmx does not show (a 403, a 404, a 500): said here, never sent again.
      say(
        form,
        "✗ Not saved: the server refused this (" + xhr.status + "). What you typed is still here; reload the page to try again.",
        "state-refused"
      );
    }
  });

  function csrfToken() {
    var headers = document.body.getAttribute("hx-headers");
    try {
      return JSON.parse(headers)["X-CSRFToken"] || "";
    } catch (error) {
      return "";
    }
  }

  // A waiting form no longer on the page, sent as a plain post: a redirect is a save.
  function sendAbsent(id, entry) {
    var body = new URLSearchParams();
    entry.values.forEach(function (pair) {
      body.append(pair[0], pair[1]);
    });
    return window
      .fetch(entry.url, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken() },
      })
      .then(function (response) {
        if (RETRY_STATUS.indexOf(response.status) >= 0) {
          return false;
        }
        delete waiting[id];
        return response.redirected;
      })
      .catch(function () {
        return false;
      });
  }

  function sendAll() {
    timer = null;
    var absent = [];
    Object.keys(waiting).forEach(function (id) {
      var form = document.getElementById(id);
      if (form && window.htmx) {
        window.htmx.trigger(form, "submit");
      } else {
        absent.push(sendAbsent(id, waiting[id]));
      }
    });
    if (absent.length) {
      Promise.all(absent).then(function (saved) {
        store();
        showBanner();
        if (saved.indexOf(true) >= 0 && !count()) {
          window.location.reload(); // to show what was saved
        } else {
          schedule();
        }
      });
    } else {
      schedule();
    }
  }

  function restore(form, values) {
    var byName = {};
    values.forEach(function (pair) {
      (byName[pair[0]] = byName[pair[0]] || []).push(pair[1]);
    });
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === CSRF || el.type === "submit" || el.type === "button") {
        return;
      }
      var given = byName[el.name] || [];
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = given.indexOf(el.value) >= 0;
      } else if (el.multiple) {
        Array.prototype.forEach.call(el.options, function (option) {
          option.selected = given.indexOf(option.value) >= 0;
        });
      } else if (given.length) {
        el.value = given.shift();
      }
    });
  }

  function load() {
    var stored = null;
    try {
      stored = storage && JSON.parse(storage.getItem(STORE) || "null");
    } catch (error) {
      stored = null;
    }
    var oldest = Date.now() - KEEP_DAYS * 24 * 3600 * 1000;
    Object.keys(stored || {}).forEach(function (id) {
      var entry = stored[id];
      if (!entry || !entry.values || entry.at < oldest) {
        return;
      }
      waiting[id] = entry;
      var form = document.getElementById(id);
      if (form) {
        restore(form, entry.values);
        if (entry.sent !== undefined) {
          form.dataset.sent = entry.sent;
        }
        say(form, "✗ Not saved yet: what you typed before the page was reloaded is back here and is being sent.", "state-refused");
      }
    });
    store();
    showBanner();
    if (count()) {
      tries = 0;
      timer = window.setTimeout(sendAll, 0);
    }
  }

  window.addEventListener("online", function () {
    showBanner();
    if (count()) {
      tries = 0;
      sendAll();
    }
  });
  window.addEventListener("offline", showBanner);

  // Logging out forgets what this login left waiting in this browser, on any page, after
  // asking when anything is: the next person at the tablet must not find it there.
  function storedKeys() {
    var keys = [];
    var own = "retest:waiting:" + login + ":";
    if (!storage || !login) {
      return keys;
    }
    for (var i = 0; i < storage.length; i++) {
      var name = storage.key(i);
      if (name && name.indexOf(own) === 0) {
        keys.push(name);
      }
    }
    return keys;
  }

  function storedCount(keys) {
    var total = 0;
    keys.forEach(function (name) {
      try {
        total += Object.keys(JSON.parse(storage.getItem(name) || "{}") || {}).length;
      } catch (error) {
        total += 1;
      }
    });
    return Math.max(total, count());
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form || !form.matches || !form.matches("[data-logout]")) {
      return;
    }
    var keys = storedKeys();
    var unsaved = storedCount(keys);
    if (unsaved) {
      var noun = unsaved === 1 ? "1 value has" : unsaved + " values have";
      if (!window.confirm(noun + " not been saved yet. Log out and discard it from this browser?")) {
        event.preventDefault();
        return;
      }
    }
    keys.forEach(function (name) {
      storage.removeItem(name);
    });
    waiting = {};
    window.clearTimeout(timer);
  });

  window.addEventListener("beforeunload", function (event) {
    if (count()) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  load();
})();
