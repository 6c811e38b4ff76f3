/*
 * Minimal event sender for the demo's checkout pages, where Shopify runs no theme app embed, until the web
 * pixel covers checkout. Shares the storefront tracker's visitor and session ids (localStorage ss_vid, 1 year,
 * and ss_sid, 30 minutes of inactivity, as {id, exp}), so checkout events join the storefront visitor; turns the
 * page descriptor (#demo-page) and tagged form submissions into events, and posts them as text/plain JSON
 * {events: [...]} to the app proxy path. Nothing is stored or sent until the shopper allowed analytics.
 */
/* global window, document, navigator, localStorage, location, crypto, fetch */
(function () {
  'use strict';
  var ENDPOINT = '/apps/segments/collect';
  var VISITOR_TTL = 365 * 24 * 3600 * 1000;
  var SESSION_TTL = 30 * 60 * 1000;
  var MAX_BATCH = 100;
  var queue = [];
  var page = {};
  try { page = JSON.parse(document.getElementById('demo-page').textContent || '{}'); } catch { page = {}; }

  function uuid() {
    var b = new Uint8Array(16);
    crypto.getRandomValues(b); // randomUUID needs a secure context; this works on plain http too
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    var h = '';
    for (var i = 0; i < 16; i++) h += (b[i] + 256).toString(16).slice(1) + (i === 3 || i === 5 || i === 7 || i === 9 ? '-' : '');
    return h;
  }

  // An id kept in localStorage that expires `ttl` after it was last used (the tracker's record format).
  function slidingId(key, ttl) {
    var now = Date.now();
    var saved = null;
    try { saved = JSON.parse(localStorage.getItem(key) || 'null'); } catch { saved = null; }
    var id = saved && typeof saved.id === 'string' && saved.exp > now ? saved.id : uuid();
    try { localStorage.setItem(key, JSON.stringify({ id: id, exp: now + ttl })); } catch { /* private mode */ }
    return id;
  }

  function privacy() { return window.Shopify && window.Shopify.customerPrivacy; }

  function consent() {
    var p = privacy();
    return {
      analytics: !!(p && p.analyticsProcessingAllowed()),
      marketing: !!(p && p.marketingAllowed()),
      preferences: !!(p && p.preferencesProcessingAllowed()),
      saleOfData: !!(p && p.saleOfDataAllowed()),
      gpc: navigator.globalPrivacyControl === true,
    };
  }

  function enqueue(name, properties, email) {
    var event = {
      id: uuid(),
      name: name,
      ts: new Date().toISOString(),
      properties: properties || {},
      context: {
        url: location.href,
        referrer: document.referrer,
        viewport: { w: window.innerWidth, h: window.innerHeight },
        touch: navigator.maxTouchPoints > 0,
        userAgent: navigator.userAgent,
      },
    };
    if (page.customerId) event.customerId = page.customerId;
    if (page.cartToken) event.cartToken = page.cartToken;
    if (page.checkoutToken) event.checkoutToken = page.checkoutToken;
    if (email) event.email = email;
    queue.push(event);
  }

  // Sends what is queued if analytics is allowed; otherwise events wait for a consent decision on this page.
  function flush() {
    var p = privacy();
    if (!p || !p.analyticsProcessingAllowed()) return;
    var c = consent();
    // Ids are read (and stored) only now, with consent.
    var visitorId = slidingId('ss_vid', VISITOR_TTL);
    var sessionId = slidingId('ss_sid', SESSION_TTL);
    while (queue.length) {
      var batch = queue.splice(0, MAX_BATCH);
      for (var i = 0; i < batch.length; i++) {
        batch[i].consent = c;
        batch[i].visitorId = visitorId;
        batch[i].sessionId = sessionId;
      }
      var body = JSON.stringify({ events: batch });
      // sendBeacon survives the page unloading (form submissions navigate away); a string body is text/plain.
      if (!(navigator.sendBeacon && navigator.sendBeacon(ENDPOINT, body))) {
        fetch(ENDPOINT, { method: 'POST', body: body, keepalive: true, credentials: 'same-origin', headers: { 'Content-Type': 'text/plain' } })
          .catch(function () { /* best effort: analytics never breaks the shop */ });
      }
    }
  }

  function formProperties(form) {
    var props = {};
    try { props = JSON.parse(form.getAttribute('data-properties') || '{}'); } catch { props = {}; }
    (form.getAttribute('data-fields') || '').split(',').forEach(function (field) {
      var input = field && form.elements[field];
      if (!input) return;
      props[field] = /^\d+$/.test(input.value) ? Number(input.value) : input.value;
    });
    return props;
  }

  document.addEventListener('submit', function (event) {
    var form = event.target;
    var name = form && form.getAttribute && form.getAttribute('data-event');
    if (!name) return;
    var emailField = form.getAttribute('data-email-field');
    var email = emailField && form.elements[emailField] ? form.elements[emailField].value : undefined;
    enqueue(name, formProperties(form), email);
    flush();
  }, true);
  document.addEventListener('visitorConsentCollected', flush);

  enqueue('Page_Viewed', { pageType: page.pageType, title: document.title });
  (page.events || []).forEach(function (e) { enqueue(e.name, e.properties); });
  if (page.identify && page.customerId) enqueue('Customer_Identified', { method: 'login' }, page.email);
  flush();
})();
