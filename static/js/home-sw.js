/*
 * The service worker of the client's programme pages (/home/…), served at /home/sw.js.
 *
 * - The programme page (a navigation to /home/<token>/) comes from the network when it
 *   answers within a few seconds, and its copy is kept; with no network, the kept copy is shown.
 *   A 404 (the link revoked, expired or its client discharged) deletes the kept copy.
 * - The page's styles, scripts and pictures are answered from the kept copy at once and
 *   refreshed from the network behind it.
 * - Logs are not this worker's: the page queues a log made offline in its own storage and sends
 *   it when the connection is back (home.js). Nothing but GET requests passes through here.
 * - The page sends its own state when it opens and after each save (a "page" message), so the
 *   kept copy exists from the first opening and shows what was saved since.
 */
"use strict";

var CACHE = "retest-home-v1";
var NETWORK_WAIT = 4000;
var PAGE = /^\/home\/[^/]+\/$/;
var OFFLINE_PAGE =
  '<!doctype html><html lang="en"><meta charset="utf-8">' +
  '<meta name="viewport" content="width=device-width, initial-scale=1">' +
  "<title>Offline</title><main><h1>You are offline</h1>" +
  "<p>This programme has not been opened on this phone before, so there is no copy of it here. " +
  "Open the link again when you are back online.</p></main></html>";

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches
      .keys()
      .then(function (names) {
        return Promise.all(
          names
            .filter(function (name) {
              return name.indexOf("retest-home-") === 0 && name !== CACHE;
            })
            .map(function (name) {
              return caches.delete(name);
            })
        );
      })
      .then(function () {
        return self.clients.claim();
      })
  );
});

function pageKey(url) {
  return url.origin + url.pathname;
}

function withTimeout(promise, ms) {
  return new Promise(function (resolve, reject) {
    var timer = setTimeout(function () {
      reject(new Error("timeout"));
    }, ms);
    promise.then(
      function (value) {
        clearTimeout(timer);
        resolve(value);
      },
      function (error) {
        clearTimeout(timer);
        reject(error);
      }
    );
  });
}

function page(request, url) {
  var key = pageKey(url);
  return caches.open(CACHE).then(function (cache) {
    var fromNetwork = fetch(request).then(function (response) {
      if (response.status === 200) {
        cache.put(key, response.clone());
      } else if (response.status === 404) {
        cache.delete(key);
      }
      return response;
    });
    return withTimeout(fromNetwork, NETWORK_WAIT).catch(function () {
      return cache.match(key).then(function (kept) {
        // A slow network with no copy kept: wait for it after all.
        return kept || fromNetwork.catch(function () {
          return new Response(OFFLINE_PAGE, {
            status: 503,
            headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
          });
        });
      });
    });
  });
}

function asset(request) {
  return caches.open(CACHE).then(function (cache) {
    return cache.match(request).then(function (kept) {
      var fresh = fetch(request).then(function (response) {
        if (response.status === 200) {
          cache.put(request, response.clone());
        } else if (response.status === 404) {
          cache.delete(request);
        }
        return response;
      });
      if (kept) {
        fresh.catch(function () {});
        return kept;
      }
      return fresh;
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") {
    return;
  }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (request.mode === "navigate" && PAGE.test(url.pathname)) {
    event.respondWith(page(request, url));
  } else if (["style", "script", "image", "font"].indexOf(request.destination) !== -1) {
    event.respondWith(asset(request));
  }
});

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "page" || typeof data.html !== "string") {
    return;
  }
  var url = new URL(data.url, self.location.origin);
  if (url.origin !== self.location.origin || !PAGE.test(url.pathname)) {
    return;
  }
  var headers = {
    "Content-Type": "text/html; charset=utf-8",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow",
  };
  event.waitUntil(
    caches.open(CACHE).then(function (cache) {
      return cache.put(pageKey(url), new Response(data.html, { status: 200, headers: headers }));
    })
  );
});
