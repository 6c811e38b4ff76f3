/**
 * Errors of the demo's Ajax Cart API, in Shopify's own shape rather than the app's `{error: {code, message}}`
 * envelope, because theme scripts (and the tracker) read them as they come from a real storefront:
 * 422 `{status: 422, message: "Cart Error", description}` when the cart refuses a change, and
 * 400 `{status: "bad_request", message: "Parameter Missing or Invalid", description}` for a malformed request.
 */
export class CartError extends Error {
  constructor(
    readonly status: 400 | 413 | 422,
    readonly title: string,
    readonly description: string,
  ) {
    super(description);
  }

  toJSON(): { status: number | string; message: string; description: string } {
    return { status: this.status === 400 ? 'bad_request' : this.status, message: this.title, description: this.description };
  }
}

export const cartRefused = (description: string) => new CartError(422, 'Cart Error', description);
export const cannotFindVariant = () => cartRefused('Cannot find variant');
export const missingParameter = (what: string) =>
  new CartError(400, 'Parameter Missing or Invalid', `Required parameter missing or invalid: ${what}`);

/** Body-parser failures (too large, bad JSON, too deep) as cart errors; anything else is not ours to map. */
export function cartErrorFromBodyParser(err: unknown): CartError | null {
  const type = (err as { type?: unknown } | null)?.type;
  if (type === 'entity.too.large' || type === 'parameters.too.many') return new CartError(413, 'Payload Too Large', 'The request body is larger than allowed.');
  if (type === 'entity.parse.failed' || type === 'querystring.parse.rangeError') return missingParameter('the body is not valid JSON or form data');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') return missingParameter('unsupported body encoding');
  return null;
}
