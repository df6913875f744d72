// node:assert/strict, counting the assertions made, so a run can report how much it checked.
import * as strict from 'node:assert/strict';

let count = 0;
type Assert = typeof strict.default;
const base: Assert = strict.default;

export const assert: Assert = new Proxy(base, {
  apply(target, thisArg, args) {
    count++;
    return Reflect.apply(target, thisArg, args);
  },
  get(target, key, receiver) {
    const value = Reflect.get(target, key, receiver);
    if (typeof value !== 'function' || key === 'AssertionError') return value;
    return (...args: unknown[]) => {
      count++;
      return (value as (...a: unknown[]) => unknown).apply(target, args);
    };
  },
});

export function assertionCount(): number {
  return count;
}
