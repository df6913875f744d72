// glob(3)/fnmatch matching of one path segment against a file name, without regular expressions: a
// pattern from a configuration file can be anything (the fuzzer found `*.con` followed by 67,000 `#`,
// "regular expression too large", and `[z-a]` throws "range out of order"), and a backtracking regex
// engine takes exponential time on patterns such as `*a*a*a*a*a*b`. This matcher is O(pattern × name).
//   *  any run of characters        ?  one character        [abc] [a-z] [!a] [^a]  one of / none of
// An unclosed `[` is a literal `[`; `]` first in a class is literal. A leading `.` of a name is matched
// only by a leading `.` of the pattern (as glob(3) does without GLOB_PERIOD).

type Token = { kind: 'char'; ch: string } | { kind: 'one' } | { kind: 'star' } | { kind: 'class'; negated: boolean; items: [string, string][] };

function tokenize(seg: string): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i];
    if (c === '*') {
      if (out[out.length - 1]?.kind !== 'star') out.push({ kind: 'star' });
    } else if (c === '?') out.push({ kind: 'one' });
    else if (c === '[') {
      let j = i + 1;
      let negated = false;
      if (seg[j] === '!' || seg[j] === '^') {
        negated = true;
        j++;
      }
      const items: [string, string][] = [];
      if (seg[j] === ']') {
        items.push([']', ']']);
        j++;
      }
      while (j < seg.length && seg[j] !== ']') {
        if (seg[j + 1] === '-' && j + 2 < seg.length && seg[j + 2] !== ']') {
          items.push([seg[j], seg[j + 2]]);
          j += 3;
        } else {
          items.push([seg[j], seg[j]]);
          j++;
        }
      }
      if (j >= seg.length) out.push({ kind: 'char', ch: '[' }); // unclosed: a literal `[`
      else {
        out.push({ kind: 'class', negated, items });
        i = j;
      }
    } else out.push({ kind: 'char', ch: c });
  }
  return out;
}

function matchesOne(t: Token, ch: string): boolean {
  if (t.kind === 'char') return t.ch === ch;
  if (t.kind === 'one') return true;
  if (t.kind === 'class') {
    // A reversed range (`[z-a]`) holds nothing.
    const inside = t.items.some(([lo, hi]) => lo <= ch && ch <= hi);
    return inside !== t.negated;
  }
  return false;
}

/** A compiled segment pattern. */
export function globMatcher(seg: string): (name: string) => boolean {
  const tokens = tokenize(seg);
  const dotGuard = !seg.startsWith('.');
  return (name) => {
    if (dotGuard && name.startsWith('.')) return false;
    let p = 0;
    let n = 0;
    let starP = -1;
    let starN = 0;
    while (n < name.length) {
      const t = tokens[p];
      if (t && t.kind === 'star') {
        starP = p++;
        starN = n;
      } else if (t && matchesOne(t, name[n])) {
        p++;
        n++;
      } else if (starP >= 0) {
        // Let the last `*` take one more character and try again from there.
        p = starP + 1;
        n = ++starN;
      } else return false;
    }
    while (tokens[p]?.kind === 'star') p++;
    return p === tokens.length;
  };
}
