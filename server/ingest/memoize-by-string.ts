/**
 * Memoizes a pure function of a string in a bounded map (cleared when full). User agents repeat a lot,
 * and both the bot check and the user-agent parser are regex work we would otherwise redo per event.
 */
export function memoizeByString<T>(fn: (key: string) => T, maxEntries = 2000): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined && !cache.has(key)) {
      value = fn(key);
      if (cache.size >= maxEntries) cache.clear();
      cache.set(key, value);
    }
    return value as T;
  };
}
