/*
 * The pixel's sandbox, started by pixel-host.js: a Worker (no DOM, like Shopify's strict runtime) where
 * `shopify.extend('WebPixel::Render', ...)`, which the pixel's `register` calls, receives the API of
 * `@shopify/web-pixels-extension`: `analytics.subscribe`, `customerPrivacy.subscribe`, `init`, `settings`,
 * and `browser`, whose calls run in the page and answer asynchronously. Messages from the page:
 * start (load the bundle), event (publish a standard event), consent (visitorConsentCollected), result.
 */
/* global self, importScripts */
(function () {
  'use strict';
  var EXTENSION_POINT = 'WebPixel::Render';
  var STORAGE_METHODS = ['getItem', 'setItem', 'removeItem', 'key', 'length', 'clear'];
  var subscribers = {};
  var privacySubscribers = {};
  var waiting = {};
  var lastCall = 0;
  var started = false;

  // A browser API call, answered by the page (pixel-host.js) with a `result` message.
  function call(method, args) {
    return new Promise(function (resolve, reject) {
      var id = ++lastCall;
      waiting[id] = { resolve: resolve, reject: reject };
      self.postMessage({ type: 'call', id: id, method: method, args: args });
    });
  }

  function bridge(prefix, methods) {
    var api = {};
    methods.forEach(function (method) {
      api[method] = function () { return call(prefix + method, Array.prototype.slice.call(arguments)); };
    });
    return api;
  }

  function bus(registry) {
    return {
      subscribe: function (name, callback) {
        var list = (registry[name] = registry[name] || []);
        list.push(callback);
        return function unsubscribe() {
          var i = list.indexOf(callback);
          if (i >= 0) list.splice(i, 1);
          return i >= 0;
        };
      },
    };
  }

  // One subscriber's failure must not keep the event from the others.
  function publish(registry, names, payload) {
    names.forEach(function (name) {
      (registry[name] || []).slice().forEach(function (callback) {
        try { callback(payload); } catch { /* the pixel's own error */ }
      });
    });
  }

  function start(message) {
    if (started) return;
    started = true;
    var api = {
      settings: message.settings || {},
      init: message.init,
      _pixelInfo: { id: 'demo', type: 'APP', runtimeContext: 'STRICT' },
      analytics: bus(subscribers),
      customerPrivacy: bus(privacySubscribers),
      browser: {
        cookie: bridge('cookie.', ['get', 'set']),
        localStorage: bridge('localStorage.', STORAGE_METHODS),
        sessionStorage: bridge('sessionStorage.', STORAGE_METHODS),
        sendBeacon: function (url, body) { return call('sendBeacon', [url, body]); },
      },
    };
    self.shopify = {
      extend: function (extensionPoint, callback) {
        if (extensionPoint === EXTENSION_POINT) callback(api);
      },
    };
    try {
      importScripts(message.bundle);
    } catch {
      // Not built or broken: the page goes on without the pixel (the server logs the missing bundle).
    }
  }

  self.onmessage = function (e) {
    var message = e.data || {};
    if (message.type === 'start') start(message);
    else if (message.type === 'event' && message.event) {
      publish(subscribers, [message.event.name, 'all_standard_events', 'all_events'], message.event);
    } else if (message.type === 'consent') {
      publish(privacySubscribers, ['visitorConsentCollected'], { customerPrivacy: message.customerPrivacy });
    } else if (message.type === 'result') {
      var pending = waiting[message.id];
      delete waiting[message.id];
      if (!pending) return;
      if ('error' in message) pending.reject(new Error(message.error));
      else pending.resolve(message.value);
    }
  };
})();
