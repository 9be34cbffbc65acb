/*
 * The warning before the idle sign-out (templates/clinic/_session_warning.html).
 *
 * The server decides when a login ends (clinic/lib/session_limits.py); this only shows it. A
 * little before the idle end the banner says so and offers "Stay signed in" (a POST that counts
 * as activity). Before it warns, and when an end comes, it asks the server first (a GET that
 * does not count as activity), since the clinician may have been busy in another tab meanwhile.
 * When the server says the login is over, the page goes to the login, which says why.
 *
 * Background requests carry the header named in data-background-header, so the server does
 * not count them as activity: this script's own status checks, and every htmx request from an
 * element that polls (an hx-trigger with "every ...").
 */
(function () {
  "use strict";

  var banner = document.getElementById("session-warning");
  if (!banner || !window.fetch) {
    return;
  }
  var data = banner.dataset;
  var header = data.backgroundHeader;
  var text = document.getElementById("session-warning-text");
  var actions = banner.querySelector(".session-warning-actions");
  var countdown = document.getElementById("session-countdown");
  var stay = document.getElementById("session-stay");
  var POLLING = /(^|,)\s*every\s/;

  var idleEnd = 0;
  var absoluteEnd = 0;
  var warnBefore = 0;
  var open = false;
  var asking = false;
  var unreachable = false;
  var focusBefore = null;

  function apply(state) {
    if (!state.signed_in) {
      toLogin();
      return;
    }
    var now = Date.now();
    idleEnd = now + state.idle_remaining * 1000;
    absoluteEnd = now + state.absolute_remaining * 1000;
    warnBefore = state.warn_before * 1000;
  }

  function toLogin() {
    var here = window.location.pathname + window.location.search;
    window.location.assign(data.loginUrl + "?next=" + encodeURIComponent(here));
  }

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"] || "";
    } catch (error) {
      return "";
    }
  }

  // One request at a time; a failed one (offline, tablet asleep) is retried at the next tick.
  function ask(renew) {
    if (asking) {
      return Promise.resolve();
    }
    asking = true;
    var headers = { Accept: "application/json" };
    if (renew) {
      headers["X-CSRFToken"] = csrfToken();
    } else {
      headers[header] = "true";
    }
    return fetch(renew ? data.renewUrl : data.statusUrl, {
      method: renew ? "POST" : "GET",
      headers: headers,
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.json();
      })
      .then(function (state) {
        unreachable = false;
        apply(state);
      })
      .catch(function () {
        unreachable = true;
      })
      .then(function () {
        asking = false;
      });
  }

  function minutesAndSeconds(ms) {
    var seconds = Math.max(0, Math.ceil(ms / 1000));
    var rest = seconds % 60;
    return Math.floor(seconds / 60) + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function editing(element) {
    return (
      element &&
      (element.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(element.tagName))
    );
  }

  function show(left, finalEnd) {
    var minutes = Math.round(left / 60000);
    var inWords =
      minutes < 1 ? "less than a minute" : "about " + minutes + (minutes === 1 ? " minute" : " minutes");
    banner.classList.add("is-open");
    actions.hidden = false;
    // The last end cannot be put off: the clinician is told, and not offered the button.
    stay.hidden = finalEnd;
    text.textContent = finalEnd
      ? "This sign-in reaches its time limit in " + inWords + ". Save what you are typing, then log in again."
      : "You will be signed out in " + inWords + " without activity.";
    open = true;
    focusBefore = document.activeElement;
    // Take the focus only from nowhere in particular, never from a field being typed in.
    if (!finalEnd && !editing(focusBefore)) {
      stay.focus();
    }
  }

  function hide() {
    if (!open) {
      return;
    }
    var hadFocus = banner.contains(document.activeElement);
    banner.classList.remove("is-open");
    actions.hidden = true;
    text.textContent = "";
    open = false;
    if (hadFocus && focusBefore && document.contains(focusBefore) && focusBefore.focus) {
      focusBefore.focus();
    }
  }

  function tick() {
    if (asking) {
      return;
    }
    var end = Math.min(idleEnd, absoluteEnd);
    var left = end - Date.now();
    if (left <= 0) {
      // The server ends the session at this request if it is over, and the page goes to log in.
      // A server that cannot be asked (the tablet offline) does not keep a record on screen.
      if (unreachable && left < -5000) {
        toLogin();
      } else {
        ask(false);
      }
      return;
    }
    if (left > warnBefore) {
      hide();
      return;
    }
    if (!open) {
      ask(false).then(function () {
        var confirmed = Math.min(idleEnd, absoluteEnd) - Date.now();
        if (confirmed > 0 && confirmed <= warnBefore) {
          show(confirmed, absoluteEnd <= idleEnd);
          countdown.textContent = minutesAndSeconds(confirmed);
        }
      });
      return;
    }
    countdown.textContent = minutesAndSeconds(left);
  }

  stay.addEventListener("click", function () {
    ask(true).then(function () {
      if (Math.min(idleEnd, absoluteEnd) - Date.now() > warnBefore) {
        hide();
      }
    });
  });

  function polls(element) {
    var trigger =
      element && element.getAttribute
        ? element.getAttribute("hx-trigger") || element.getAttribute("data-hx-trigger")
        : "";
    return Boolean(trigger && POLLING.test(trigger));
  }

  document.body.addEventListener("htmx:configRequest", function (event) {
    if (polls(event.detail.elt)) {
      event.detail.headers[header] = "true";
    }
  });

  // Work in the page while the warning shows (a saved finding) is activity: ask again, and the
  // warning closes.
  document.body.addEventListener("htmx:afterRequest", function (event) {
    if (open && !polls(event.detail.elt)) {
      ask(false);
    }
  });

  // A tablet woken from sleep: its timers were paused, so ask where things stand.
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      ask(false).then(tick);
    }
  });

  apply({
    signed_in: true,
    idle_remaining: Number(data.idleRemaining),
    absolute_remaining: Number(data.absoluteRemaining),
    warn_before: Number(data.warnBefore),
  });
  window.setInterval(tick, 1000);
})();
