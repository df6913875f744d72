// A unified diff of two versions of a file, for --fix-dry-run. Lines are compared without their line
// breaks; the changed region between the common head and tail is aligned with a longest common
// subsequence when small enough (fixes touch a few lines), else shown as replaced whole.

const CONTEXT = 3;
const MAX_LCS_CELLS = 4_000_000;

type Op = { kind: ' ' | '-' | '+'; text: string };

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r\n|\n|\r/);
  if (/(\r\n|\n|\r)$/.test(text)) lines.pop();
  return lines;
}

function diffOps(a: string[], b: string[]): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const ops: Op[] = a.slice(0, head).map((text) => ({ kind: ' ', text }));
  if (midA.length * midB.length <= MAX_LCS_CELLS) {
    // lcs[i][j]: length of the LCS of midA[i..] and midB[j..].
    const n = midA.length;
    const m = midB.length;
    const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i][j] = midA[i] === midB[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && midA[i] === midB[j]) {
        ops.push({ kind: ' ', text: midA[i++] });
        j++;
      } else if (i < n && (j >= m || lcs[i + 1][j] >= lcs[i][j + 1])) {
        ops.push({ kind: '-', text: midA[i++] });
      } else {
        ops.push({ kind: '+', text: midB[j++] });
      }
    }
  } else {
    for (const text of midA) ops.push({ kind: '-', text });
    for (const text of midB) ops.push({ kind: '+', text });
  }
  for (const text of a.slice(a.length - tail)) ops.push({ kind: ' ', text });
  return ops;
}

/** `--- a/name` / `+++ b/name` and hunks with three lines of context; '' when the texts are equal. */
export function unifiedDiff(name: string, before: string, after: string): string {
  if (before === after) return '';
  const ops = diffOps(splitLines(before), splitLines(after));
  const sep = name.startsWith('/') ? '' : '/';
  let out = `--- a${sep}${name}\n+++ b${sep}${name}\n`;
  const changed = ops.map((o, i) => (o.kind === ' ' ? -1 : i)).filter((i) => i >= 0);
  if (changed.length === 0) {
    // Only line breaks differ (e.g. the final newline): say so rather than print an empty hunk.
    return out + '@@ line breaks differ @@\n';
  }
  let k = 0;
  while (k < changed.length) {
    const first = changed[k];
    let last = first;
    while (k + 1 < changed.length && changed[k + 1] - last <= 2 * CONTEXT + 1) last = changed[++k];
    k++;
    const from = Math.max(0, first - CONTEXT);
    const to = Math.min(ops.length, last + CONTEXT + 1);
    let lineA = 1;
    let lineB = 1;
    for (let i = 0; i < from; i++) {
      if (ops[i].kind !== '+') lineA++;
      if (ops[i].kind !== '-') lineB++;
    }
    const hunk = ops.slice(from, to);
    const countA = hunk.filter((o) => o.kind !== '+').length;
    const countB = hunk.filter((o) => o.kind !== '-').length;
    out += `@@ -${countA ? lineA : lineA - 1},${countA} +${countB ? lineB : lineB - 1},${countB} @@\n`;
    for (const o of hunk) out += `${o.kind}${o.text}\n`;
  }
  return out;
}
