/** `add`, `change` or `update`, from the theme's own calls to the Ajax Cart API (with or without .js, any locale prefix). */
export type CartCall = 'add' | 'change' | 'update';

export interface CartCallHooks {
  /** A successful call's JSON answer. */
  after(call: CartCall, response: unknown): void;
  /** A classic form submitted to /cart/add, just before the page navigates. */
  form(data: FormData): void;
}

/**
 * The cart call a URL is, or undefined. Answered URLs are what is checked (Response.url, XHR.responseURL),
 * whatever the method: Shopify also takes GET /cart/change?line=1&quantity=0 from plain links.
 */
export const cartCallOf = (url: string): CartCall | undefined => /\/cart\/(add|change|update)(\.js)?($|\?)/.exec(url)?.[1] as CartCall | undefined;

/**
 * Observes the theme's cart calls without changing them: the theme gets the very Response or XHR it
 * would have got (ours reads a clone), and nothing here can make its request fail.
 */
export function observeCartCalls(hooks: CartCallHooks): void {
  const nativeFetch = window.fetch;
  window.fetch = function (this: unknown, ...args: Parameters<typeof fetch>) {
    const sent = nativeFetch.apply(this, args);
    sent.then((response) => {
      const call = cartCallOf(response.url);
      if (call && response.ok) response.clone().json().then((json) => hooks.after(call, json), () => 0);
    }, () => 0);
    return sent;
  } as typeof fetch;

  const send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function (this: XMLHttpRequest, body) {
    this.addEventListener('load', () => {
      const call = cartCallOf(this.responseURL);
      try {
        if (call && this.status < 400) hooks.after(call, JSON.parse(this.responseText));
      } catch {
        /* not JSON: nothing to learn */
      }
    });
    send.call(this, body);
  };

  addEventListener('submit', (event) => {
    const form = event.target as HTMLFormElement;
    // Any method: Shopify adds on GET /cart/add?id=… too.
    if (cartCallOf(form.action) === 'add') hooks.form(new FormData(form));
  }, true);
}
