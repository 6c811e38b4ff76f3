/** `add`, `change` or `update`, from the theme's own calls to the Ajax Cart API (with or without .js, any locale prefix). */
export type CartCall = 'add' | 'change' | 'update';

export interface CartCallHooks {
  /** A successful JSON answer and the request body it answered. */
  after(call: CartCall, body: unknown, response: unknown): void;
  /** A classic form post to /cart/add, just before the page navigates. */
  form(data: FormData): void;
}

/** The cart call a request is, or undefined (only POSTs to /cart/add|change|update[.js]). */
export function cartCallOf(method: string | undefined, url: string | URL): CartCall | undefined {
  try {
    if (/^post$/i.test(method ?? '')) return /\/cart\/(add|change|update)(?:\.js)?$/.exec(new URL(url, location.href).pathname)?.[1] as CartCall;
  } catch {
    /* an unparsable URL is the theme's business */
  }
  return undefined;
}

/**
 * Observes the theme's cart calls without changing them: the theme gets the same Response or XHR it
 * would have got, and its request always goes out, whatever happens in the hooks.
 */
export function observeCartCalls(hooks: CartCallHooks): void {
  const nativeFetch = window.fetch;
  window.fetch = function (this: unknown, ...args: Parameters<typeof fetch>) {
    const [input, init] = args;
    const call = cartCallOf(init?.method ?? (input as Request).method, (input as Request).url ?? input);
    const sent = nativeFetch.apply(this, args);
    if (call) {
      sent.then((response) => {
        if (response.ok) response.clone().json().then((json) => hooks.after(call, init?.body, json), () => 0);
      }, () => 0);
    }
    return sent;
  } as typeof fetch;

  const proto = XMLHttpRequest.prototype;
  const { open, send } = proto;
  proto.open = function (this: XMLHttpRequest & { _cart?: CartCall }, ...args: [string, string | URL]) {
    this._cart = cartCallOf(...args);
    return open.apply(this, args as unknown as Parameters<typeof open>);
  } as typeof open;
  proto.send = function (this: XMLHttpRequest & { _cart?: CartCall }, body) {
    const call = this._cart;
    if (call) this.addEventListener('load', () => {
      try {
        if (this.status < 400) hooks.after(call, body, JSON.parse(this.responseText));
      } catch {
        /* not JSON: nothing to learn */
      }
    });
    send.call(this, body);
  };

  addEventListener('submit', (event) => {
    const form = event.target as HTMLFormElement;
    if (cartCallOf(form.method, form.action) === 'add') hooks.form(new FormData(form));
  }, true);
}
