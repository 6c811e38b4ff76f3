/*
 * The demo's stand-in for Shopify's web pixel manager. With analytics consent (now, or later without a
 * reload) it runs the real built checkout pixel in a Worker (pixel-worker.js, Shopify's strict sandbox: no
 * DOM), hands it `init` and its settings from the page's #shopify-pixel-data block, and publishes the
 * standard events the server listed there, adding what only the browser knows: event id, Shopify's
 * client id (the `_shopify_y` cookie), time and `context`. The pixel's `browser` API (cookies,
 * localStorage, sessionStorage, sendBeacon) runs here in the top frame, answered by message, as Shopify does.
 * Nothing here may break the page: every failure leaves the shop working without the pixel.
 */
/* global window, document, navigator, location, screen, localStorage, sessionStorage, crypto, Worker */
(function () {
  'use strict';
  var CLIENT_ID_COOKIE = '_shopify_y';
  var CLIENT_ID_MAX_AGE = 365 * 24 * 3600; // seconds, as Shopify keeps it
  var block = document.getElementById('shopify-pixel-data');
  var page = null;
  try { page = JSON.parse(block.textContent); } catch { page = null; }
  if (!page || typeof Worker !== 'function') return;
  var worker = null;
  var clientId = '';
  var seq = 0;

  function uuid() {
    if (crypto.randomUUID) return crypto.randomUUID();
    // randomUUID needs a secure context; a demo reached over plain http by host name still gets a v4 UUID.
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    var h = '';
    for (var i = 0; i < 16; i++) h += (b[i] + 256).toString(16).slice(1) + (i === 3 || i === 5 || i === 7 || i === 9 ? '-' : '');
    return h;
  }

  function cookieValue(name) {
    var match = document.cookie.match(new RegExp('(?:^|; )' + name + '=([^;]*)'));
    return match ? decodeURIComponent(match[1]) : '';
  }

  // Shopify's own client id: one per browser, kept a year. Blocked cookies keep it for this page only.
  function stableClientId() {
    if (clientId) return clientId;
    try { clientId = cookieValue(CLIENT_ID_COOKIE); } catch { clientId = ''; }
    if (!/^[\w-]{1,64}$/.test(clientId)) clientId = uuid();
    try { document.cookie = CLIENT_ID_COOKIE + '=' + clientId + '; Path=/; Max-Age=' + CLIENT_ID_MAX_AGE + '; SameSite=Lax'; } catch { /* memory only */ }
    return clientId;
  }

  function customerPrivacy() {
    var p = window.Shopify && window.Shopify.customerPrivacy;
    var allowed = function (name) { try { return !!(p && p[name]()); } catch { return false; } };
    return {
      analyticsProcessingAllowed: allowed('analyticsProcessingAllowed'),
      marketingAllowed: allowed('marketingAllowed'),
      preferencesProcessingAllowed: allowed('preferencesProcessingAllowed'),
      saleOfDataAllowed: allowed('saleOfDataAllowed'),
    };
  }

  function context() {
    var at = {
      hash: location.hash, host: location.host, hostname: location.hostname, href: location.href, origin: location.origin,
      pathname: location.pathname, port: location.port, protocol: location.protocol, search: location.search,
    };
    return {
      document: { characterSet: document.characterSet, location: at, referrer: document.referrer, title: document.title },
      navigator: {
        cookieEnabled: navigator.cookieEnabled, language: navigator.language,
        languages: Array.prototype.slice.call(navigator.languages || []), userAgent: navigator.userAgent,
      },
      window: {
        innerHeight: window.innerHeight, innerWidth: window.innerWidth, location: at, origin: location.origin,
        outerHeight: window.outerHeight, outerWidth: window.outerWidth, pageXOffset: window.pageXOffset, pageYOffset: window.pageYOffset,
        screen: { height: screen.height, width: screen.width }, screenX: window.screenX, screenY: window.screenY,
        scrollX: window.scrollX, scrollY: window.scrollY,
      },
    };
  }

  function storageCalls(prefix, storage) {
    var calls = {};
    calls[prefix + 'getItem'] = function (key) { return storage().getItem(key); };
    calls[prefix + 'setItem'] = function (key, value) { storage().setItem(key, String(value)); };
    calls[prefix + 'removeItem'] = function (key) { storage().removeItem(key); };
    calls[prefix + 'key'] = function (index) { return storage().key(index); };
    calls[prefix + 'length'] = function () { return storage().length; };
    calls[prefix + 'clear'] = function () { storage().clear(); };
    return calls;
  }

  // What the pixel may ask of the top frame: Shopify's `browser` API, and nothing else.
  var calls = Object.assign({
    'cookie.get': function (name) { return name ? cookieValue(name) : document.cookie; },
    'cookie.set': function (cookieOrName, value) {
      document.cookie = value === undefined ? cookieOrName : cookieOrName + '=' + value;
      return document.cookie;
    },
    sendBeacon: function (url, body) { return navigator.sendBeacon(url, body); },
  }, storageCalls('localStorage.', function () { return localStorage; }), storageCalls('sessionStorage.', function () { return sessionStorage; }));

  function answer(message) {
    var reply = { type: 'result', id: message.id };
    try {
      if (!Object.prototype.hasOwnProperty.call(calls, message.method)) throw new Error('no such browser API: ' + message.method);
      reply.value = calls[message.method].apply(null, Array.isArray(message.args) ? message.args : []);
    } catch (error) {
      reply.error = String((error && error.message) || error);
    }
    worker.postMessage(reply);
  }

  function publish(draft) {
    var event = { id: uuid(), clientId: stableClientId(), timestamp: new Date().toISOString(), seq: ++seq, type: 'standard', context: context() };
    worker.postMessage({ type: 'event', event: Object.assign(event, draft) });
  }

  // Shopify loads the pixel only once the visitor allowed what its [customer_privacy] requires: analytics.
  function start() {
    if (worker || !customerPrivacy().analyticsProcessingAllowed) return;
    try {
      worker = new Worker(page.worker);
      worker.onmessage = function (e) { if (e.data && e.data.type === 'call') answer(e.data); };
      // A failing pixel is the pixel's problem: it never reaches the page's error handling.
      worker.onerror = function (e) { e.preventDefault(); };
      var init = Object.assign({}, page.init, { context: context(), customerPrivacy: customerPrivacy() });
      worker.postMessage({ type: 'start', bundle: page.bundle, settings: page.settings, init: init });
      (page.events || []).forEach(publish);
    } catch {
      if (worker) worker.terminate();
      worker = null;
    }
  }

  document.addEventListener('visitorConsentCollected', function () {
    if (worker) worker.postMessage({ type: 'consent', customerPrivacy: customerPrivacy() });
    else start();
  });
  start();
})();
