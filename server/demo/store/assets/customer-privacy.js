/*
 * A stand-in for Shopify's Customer Privacy API on the demo storefront: the same method names as
 * window.Shopify.customerPrivacy (analyticsProcessingAllowed, marketingAllowed, ..., setTrackingConsent)
 * and the same `visitorConsentCollected` document event, backed by a banner and localStorage.
 */
/* global window, document, navigator, localStorage, CustomEvent */
(function () {
  'use strict';
  var KEY = 'demo_consent';
  var gpc = navigator.globalPrivacyControl === true;
  var state = null;
  try { state = JSON.parse(localStorage.getItem(KEY) || 'null'); } catch { state = null; }

  function allowed(purpose) { return !!(state && state[purpose]); }
  function yesNo(purpose) { return state ? (state[purpose] ? 'yes' : 'no') : ''; }

  var api = {
    analyticsProcessingAllowed: function () { return allowed('analytics'); },
    marketingAllowed: function () { return allowed('marketing'); },
    preferencesProcessingAllowed: function () { return allowed('preferences'); },
    // Global Privacy Control is an opt-out of sale of data, whatever the banner said.
    saleOfDataAllowed: function () { return allowed('sale_of_data') && !gpc; },
    shouldShowBanner: function () { return state === null; },
    currentVisitorConsent: function () {
      return { analytics: yesNo('analytics'), marketing: yesNo('marketing'), preferences: yesNo('preferences'), sale_of_data: yesNo('sale_of_data') };
    },
    setTrackingConsent: function (consent, callback) {
      state = { analytics: !!consent.analytics, marketing: !!consent.marketing, preferences: !!consent.preferences, sale_of_data: !!consent.sale_of_data };
      try { localStorage.setItem(KEY, JSON.stringify(state)); } catch { /* private mode: keep it for this page */ }
      document.dispatchEvent(new CustomEvent('visitorConsentCollected', {
        detail: {
          analyticsAllowed: api.analyticsProcessingAllowed(), marketingAllowed: api.marketingAllowed(),
          preferencesAllowed: api.preferencesProcessingAllowed(), saleOfDataAllowed: api.saleOfDataAllowed(),
        },
      }));
      if (typeof callback === 'function') callback();
    },
  };
  window.Shopify = window.Shopify || {};
  window.Shopify.customerPrivacy = api;

  var banner = document.getElementById('consent-banner');
  if (!banner) return;
  if (api.shouldShowBanner()) banner.hidden = false;
  banner.addEventListener('click', function (event) {
    var choice = event.target && event.target.getAttribute && event.target.getAttribute('data-consent');
    if (!choice) return;
    var yes = choice === 'accept';
    api.setTrackingConsent({ analytics: yes, marketing: yes, preferences: yes, sale_of_data: yes });
    banner.hidden = true;
  });
})();
