/*
 * The client's programme page on a flaky connection.
 *
 * Each exercise's log form is sent by htmx, and the server answers with that exercise alone,
 * saved or refused. When no answer comes (offline, a timeout, a gateway's 502, 503 or 504), or
 * the phone says it is offline before the log is sent, the log is kept in this phone's storage,
 * per programme link, with the entry id the page made for it, and the exercise says "Waiting to
 * send". The waiting logs are sent, one after another and in the order made, when the phone is
 * back online, after a growing pause, and when the page is opened again. The server stores an
 * entry id once, so a log whose answer was lost and is sent again is not stored twice.
 *
 * A 404 means the link no longer opens (revoked, expired): the logs are kept and the page says
 * to ask the clinic. Any other answer settles the log: a refusal is shown beside its fields.
 *
 * The service worker (/home/sw.js) keeps a copy of the page for opening it offline; after each
 * save this script hands it the page as it now stands.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var clinic = (script && script.dataset.clinic) || "your clinic";
  var worker = script && script.dataset.worker;
  var STORE = "retest:home:" + window.location.pathname;
  var RETRY_STATUS = [0, 502, 503, 504];
  var FIRST_PAUSE = 2000;
  var LONGEST_PAUSE = 60000;

  var storage = null;
  try {
    storage = window.localStorage;
  } catch (error) {
    storage = null;
  }

  var queue = load();
  var sending = false;
  var deadLink = false;
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

  // The phone's own day: a log made before midnight and sent after it keeps its day.
  function today() {
    var now = new Date();
    var month = String(now.getMonth() + 1).padStart(2, "0");
    var day = String(now.getDate()).padStart(2, "0");
    return now.getFullYear() + "-" + month + "-" + day;
  }

  function load() {
    if (!storage) {
      return [];
    }
    try {
      var kept = JSON.parse(storage.getItem(STORE) || "[]");
      return Array.isArray(kept) ? kept : [];
    } catch (error) {
      return [];
    }
  }

  function store() {
    if (!storage) {
      return;
    }
    try {
      if (queue.length) {
        storage.setItem(STORE, JSON.stringify(queue));
      } else {
        storage.removeItem(STORE);
      }
    } catch (error) {
      // Storage full or refused: the logs are still kept in the page while it is open.
    }
  }

  // A copy of the page kept from earlier holds the entry ids it was made with: each form gets
  // a new one, so no new log is taken for a resend of an old one.
  function freshIds(root) {
    Array.prototype.forEach.call(root.querySelectorAll("form[data-home-log] input[name=entry_id]"), function (input) {
      input.value = uuid4();
    });
  }

  function values(form) {
    var found = [];
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string") {
        found.push([name, value]);
      }
    });
    return found;
  }

  function value(pairs, name) {
    for (var i = 0; i < pairs.length; i++) {
      if (pairs[i][0] === name) {
        return pairs[i][1];
      }
    }
    return "";
  }

  // In plain words, what the log says: "Done, 3 sets, pain 2/10".
  function summary(form, pairs) {
    var checked = form.querySelector("input[name=outcome]:checked");
    var label = checked && checked.closest("label");
    var words = [label ? label.textContent.trim() : "No answer chosen"];
    var sets = value(pairs, "sets_done");
    if (sets) {
      words.push(sets + (sets === "1" ? " set" : " sets"));
    }
    if (value(pairs, "pain")) {
      words.push("pain " + value(pairs, "pain") + "/10");
    }
    if (value(pairs, "effort")) {
      words.push("effort " + value(pairs, "effort") + "/10");
    }
    return words.join(", ");
  }

  function exerciseOf(item) {
    return document.getElementById("exercise-" + value(item.values, "prescription"));
  }

  function showBanner() {
    if (!banner) {
      banner = document.createElement("div");
      banner.className = "home-banner";
      banner.setAttribute("role", "status");
      banner.setAttribute("aria-live", "polite");
      banner.setAttribute("data-home-js", "");
      var main = document.getElementById("main") || document.body;
      main.insertBefore(banner, main.firstChild);
    }
    var n = queue.length;
    banner.hidden = n === 0;
    var logs = n === 1 ? "1 log is" : n + " logs are";
    if (n === 0) {
      banner.textContent = "";
    } else if (deadLink) {
      banner.textContent =
        "This link no longer opens, so " + logs + " not saved. They are kept on this phone: ask " +
        clinic + " for a new link.";
    } else if (navigator.onLine === false) {
      banner.textContent =
        "You are offline. " + logs + " waiting on this phone, not saved yet: they are sent when the connection is back.";
    } else {
      banner.textContent = logs + " waiting on this phone, not saved yet. Sending…";
    }
  }

  function showWaiting() {
    Array.prototype.forEach.call(document.querySelectorAll(".home-waiting[data-home-js]"), function (note) {
      note.remove();
    });
    queue.forEach(function (item) {
      var exercise = exerciseOf(item);
      var form = exercise && exercise.querySelector("form[data-home-log]");
      if (!form) {
        return;
      }
      var note = exercise.querySelector(".home-waiting[data-home-js]");
      if (!note) {
        note = document.createElement("div");
        note.className = "home-waiting";
        note.setAttribute("role", "status");
        note.setAttribute("data-home-js", "");
        var title = document.createElement("p");
        var strong = document.createElement("strong");
        strong.textContent = "⏳ Waiting to send, not saved yet:";
        title.appendChild(strong);
        note.appendChild(title);
        note.appendChild(document.createElement("ul"));
        form.parentNode.insertBefore(note, form);
      }
      var line = document.createElement("li");
      line.textContent = item.summary;
      note.querySelector("ul").appendChild(line);
    });
    showBanner();
  }

  function keepCopy() {
    if (!worker || !navigator.serviceWorker || deadLink) {
      return;
    }
    navigator.serviceWorker.ready.then(function (registration) {
      if (!registration.active) {
        return;
      }
      var copy = document.documentElement.cloneNode(true);
      Array.prototype.forEach.call(copy.querySelectorAll("[data-home-js]"), function (node) {
        node.remove();
      });
      registration.active.postMessage({
        type: "page",
        url: window.location.pathname,
        html: "<!doctype html>\n" + copy.outerHTML,
      });
    });
  }

  function queueLog(form, pairs) {
    var entry = value(pairs, "entry_id");
    var known = queue.some(function (item) {
      return value(item.values, "entry_id") === entry;
    });
    if (!known) {
      queue.push({ url: form.getAttribute("hx-post") || form.action, values: pairs, summary: summary(form, pairs), at: Date.now() });
      store();
    }
    form.reset();
    freshIds(form.parentNode);
    showWaiting();
    schedule();
  }

  // The server's answer for one exercise replaces it on the page.
  function swapIn(html, pk) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var fresh = doc.getElementById("exercise-" + pk);
    var old = document.getElementById("exercise-" + pk);
    if (fresh && old) {
      old.replaceWith(fresh);
      if (window.htmx) {
        window.htmx.process(fresh);
      }
      return true;
    }
    return false;
  }

  function schedule() {
    if (timer) {
      window.clearTimeout(timer);
      timer = null;
    }
    if (!queue.length || deadLink) {
      tries = 0;
      return;
    }
    var pause = Math.min(LONGEST_PAUSE, FIRST_PAUSE * Math.pow(2, tries));
    tries += 1;
    timer = window.setTimeout(sendAll, pause + Math.random() * 500);
  }

  function sendAll() {
    if (sending || deadLink || !queue.length) {
      return;
    }
    if (navigator.onLine === false) {
      showBanner();
      schedule();
      return;
    }
    sending = true;
    showBanner();
    var item = queue[0];
    var body = new URLSearchParams();
    item.values.forEach(function (pair) {
      body.append(pair[0], pair[1]);
    });
    window
      .fetch(item.url, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "HX-Request": "true" },
      })
      .then(
        function (response) {
          return response.text().then(function (html) {
            return { status: response.status, html: html };
          });
        },
        function () {
          return { status: 0, html: "" };
        }
      )
      .then(function (answer) {
        sending = false;
        if (RETRY_STATUS.indexOf(answer.status) !== -1 || answer.status >= 500) {
          showWaiting();
          schedule();
          return;
        }
        if (answer.status === 404) {
          deadLink = true;
          showWaiting();
          return;
        }
        // Saved (or saved before: a resend), or refused with a reason shown beside its fields.
        queue.shift();
        store();
        var pk = value(item.values, "prescription");
        if (!swapIn(answer.html, pk) && answer.status >= 400) {
          var doc = new DOMParser().parseFromString(answer.html, "text/html");
          var reason = doc.querySelector(".error");
          window.alert("A log could not be saved: " + (reason ? reason.textContent.trim() : "the server refused it."));
        }
        tries = 0;
        showWaiting();
        keepCopy();
        if (queue.length) {
          sendAll();
        }
      });
  }

  // Made before htmx sees the submit: the day is the phone's, and a log made offline is queued
  // at once instead of waiting for a request to fail.
  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target.closest && event.target.closest("form[data-home-log]");
      if (!form) {
        return;
      }
      var day = form.querySelector("input[name=performed_on]");
      if (day) {
        day.value = today();
      }
      if (navigator.onLine === false || queue.length) {
        // Offline, or earlier logs still waiting: this one goes after them, in order.
        event.preventDefault();
        event.stopPropagation();
        queueLog(form, values(form));
        sendAll();
      }
    },
    true
  );

  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt;
    if (form && form.matches && form.matches("form[data-home-log]")) {
      form._homeSent = values(form);
    }
  });

  function lost(event) {
    var form = event.detail.elt;
    if (form && form.matches && form.matches("form[data-home-log]") && form._homeSent) {
      queueLog(form, form._homeSent);
    }
  }
  document.addEventListener("htmx:sendError", lost);
  document.addEventListener("htmx:timeout", lost);
  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    if (status === 404) {
      deadLink = true;
      lost(event);
    } else if (status >= 500) {
      lost(event);
    }
  });
  document.addEventListener("htmx:afterSwap", function () {
    showWaiting();
    keepCopy();
  });

  window.addEventListener("online", function () {
    tries = 0;
    sendAll();
  });
  window.addEventListener("offline", showBanner);

  function start() {
    freshIds(document);
    showWaiting();
    sendAll();
    if (worker && navigator.serviceWorker) {
      navigator.serviceWorker.register(worker).catch(function () {
        // No service worker (a private window, an old browser): the page still works online.
      });
      keepCopy();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
