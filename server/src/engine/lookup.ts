// Tables looked up with words from outside: configuration text, file contents, settings, command lines.
// An object literal inherits Object.prototype, so `table['constructor']`, `table['toString']` or
// `table['__proto__']` finds a function or an object where the code expects "not in the table" (a
// directive named `constructor` then looked like a file directive, `SSLProtocol constructor` like a
// protocol word, a Squid `version=constructor` like a version to rewrite).

/** `entries` as a table without a prototype: only its own keys are found in it. */
export function lookupTable<T>(entries: Record<string, T>): Readonly<Record<string, T>> {
  return Object.assign(Object.create(null) as Record<string, T>, entries);
}
