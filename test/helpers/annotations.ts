// The fixture annotation convention, in the style of semgrep's tests:
//   # ruleid: <id>[, <id>…]   the next non-annotation line must have a finding of each id
//   # ok: <id>[, <id>…]       the next non-annotation line must have none of them
// Pure (no engine, no disk), so the extension-host suite (test/vscode) reads fixtures with it too.

export interface Expectation {
  file: string;
  /** 0-based line the expectation is about. */
  line: number;
  kind: 'ruleid' | 'ok';
  ids: string[];
  /** 1-based line of the annotation, for messages. */
  annotationLine: number;
}

const ANNOTATION = /^\s*#\s*(ruleid|ok):\s*(.+?)\s*$/;

export function parseExpectations(file: string, text: string): Expectation[] {
  const lines = text.split(/\r\n|\r|\n/);
  const out: Expectation[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = ANNOTATION.exec(lines[i]);
    if (!m) continue;
    let target = i + 1;
    while (target < lines.length && ANNOTATION.test(lines[target])) target++;
    out.push({ file, line: target, kind: m[1] as 'ruleid' | 'ok', ids: m[2].split(/[\s,]+/).filter(Boolean), annotationLine: i + 1 });
  }
  return out;
}
