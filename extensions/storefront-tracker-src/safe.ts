/** Wraps a handler so that nothing the tracker does can throw into the page (errors are dropped). */
export const safe = <A extends unknown[]>(fn: (...args: A) => unknown) => (...args: A): void => {
  try {
    fn(...args);
  } catch {
    /* analytics must never break the storefront */
  }
};
