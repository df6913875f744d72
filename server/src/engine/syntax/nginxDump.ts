// Splits the output of `nginx -T` back into the files nginx read.
//
// nginx (src/core/nginx.c, ngx_dump_config) writes, after the two "nginx: … syntax is ok" / "… test is
// successful" lines on stderr, one record per file it parsed, each file once, in the order it first
// opened them:
//     "# configuration file " <full path> ":" LF
//     <the file's bytes, verbatim>
//     LF
// The trailing LF is always added, even when the file already ends with one, so a file's text is the
// record's body less exactly one line feed. nginx prints nothing else on stdout, so with `2>&1` the
// stderr lines come first (and with `2>>` after the dump: those are stripped from the last record).
// A file whose own text holds a line "# configuration file /x:" (an absolute path) cannot be told from
// a record start: nginx's output has no lengths to disambiguate it.

import { lineAt, lineStarts } from './text';

export interface NginxDumpFile {
  /** The path nginx opened (absolute: nginx prints full names; a Windows build's start with a drive). */
  path: string;
  /** The file's text, exactly as nginx read it. */
  text: string;
  /** 0-based line of the dump on which the file's first line stands (add it to a Position.line). */
  startLine: number;
}

export interface NginxDump {
  files: NginxDumpFile[];
  /** What did not look like nginx -T output (missing markers, a failed test, duplicate files…). */
  problems: string[];
}

// nginx prints full names: a "header" naming a relative path is a comment inside a file.
const HEADER = /^# configuration file ((?:\/|[A-Za-z]:[\\/]).*):\r?$/;
const STATUS_LINE = /^nginx: (?:the configuration file .* syntax is ok|configuration file .* test is successful|\[[a-z]+\] .*)\r?$/;
const FAILURE_LINE = /^nginx: (?:configuration file .* test failed|\[emerg\] (.*))\r?$/;

/** Whether a text looks like `nginx -T` output rather than a configuration file. */
export function looksLikeNginxDump(text: string): boolean {
  return text.startsWith('nginx: the configuration file') || /^# configuration file \/[^\n]*:\r?$/m.test(text);
}

/** One line of the text: its start, the start of its terminator, and the offset after it. */
interface Line {
  start: number;
  end: number;
  next: number;
}

function* lines(text: string): Generator<Line> {
  let start = 0;
  while (start < text.length) {
    const lf = text.indexOf('\n', start);
    if (lf < 0) {
      yield { start, end: text.length, next: text.length };
      return;
    }
    yield { start, end: lf, next: lf + 1 };
    start = lf + 1;
  }
}

export function splitNginxDump(text: string): NginxDump {
  const problems: string[] = [];
  const headers: { path: string; start: number; bodyStart: number; crlf: boolean }[] = [];
  let preambleEnd = -1;
  for (const l of lines(text)) {
    const m = HEADER.exec(text.slice(l.start, l.end));
    if (!m) continue;
    if (preambleEnd < 0) preambleEnd = l.start;
    headers.push({ path: m[1], start: l.start, bodyStart: l.next, crlf: text[l.end - 1] === '\r' });
  }

  const preamble = text.slice(0, preambleEnd < 0 ? text.length : preambleEnd);
  for (const line of preamble.split('\n')) {
    const failure = FAILURE_LINE.exec(line);
    if (failure) problems.push(`nginx reported: ${(failure[1] ?? line.replace(/^nginx: /, '')).trim()}`);
  }
  if (headers.length === 0) {
    problems.push('no "# configuration file …:" markers found: this is not the output of nginx -T (or nginx -t failed before dumping)');
    return { files: [], problems };
  }

  const starts = lineStarts(text);
  const lineOf = (offset: number): number => lineAt(starts, offset);

  const files: NginxDumpFile[] = [];
  const seen = new Set<string>();
  headers.forEach((h, i) => {
    const last = i === headers.length - 1;
    let body = text.slice(h.bodyStart, last ? text.length : headers[i + 1].start);
    if (last) body = stripTrailingStatus(body);
    if (h.crlf && body.endsWith('\r\n')) body = body.slice(0, -2);
    else if (body.endsWith('\n')) body = body.slice(0, -1);
    if (seen.has(h.path)) {
      problems.push(`${h.path} appears twice (nginx dumps each file once): the first copy is used`);
      return;
    }
    seen.add(h.path);
    files.push({ path: h.path, text: body, startLine: lineOf(h.bodyStart) });
  });
  return { files, problems };
}

/** Drop nginx's own status lines that follow the last record when stderr was appended after stdout. */
function stripTrailingStatus(body: string): string {
  let end = body.length;
  for (;;) {
    const withoutFinalBreak = body.endsWith('\n', end) ? end - 1 : end;
    const lineStart = body.lastIndexOf('\n', withoutFinalBreak - 1) + 1;
    if (lineStart >= withoutFinalBreak || lineStart === 0) return body.slice(0, end);
    if (!STATUS_LINE.test(body.slice(lineStart, withoutFinalBreak))) return body.slice(0, end);
    end = lineStart;
  }
}
