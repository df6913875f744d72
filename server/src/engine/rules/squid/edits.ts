// Text edits on Squid option arguments: replace a value, drop one flag of a list, drop or add an option.
// Each edit touches only the option it is about.

import type { Range, TextEdit } from '../../types';
import type { Arg, Directive } from '../../syntax/tree';
import type { SquidFlag, SquidOption } from '../../model/squid/policy';
import { insertAfter } from '../helpers';

export function replaceValue(o: SquidOption, value: string): TextEdit {
  if (o.value) return { file: o.item.directive.file, range: o.value.range, newText: value };
  return insertAfter(o.item.directive.file, o.arg.range, '=' + value);
}

/** Remove an argument and the blank before it. */
export function removeArg(d: Directive, arg: Arg): TextEdit {
  const i = d.args.indexOf(arg);
  const before = i > 0 ? d.args[i - 1].range.end : d.nameRange.end;
  const start = before.line === arg.range.start.line ? before : arg.range.start;
  return { file: d.file, range: { start, end: arg.range.end }, newText: '' };
}

/** Remove an option argument (found by identity or range in its directive). */
export function removeOption(o: SquidOption): TextEdit {
  const d = o.item.directive;
  const arg = d.args.find((a) => a === o.arg || sameRange(a.range, o.arg.range)) ?? o.arg;
  return removeArg(d, arg);
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/** Drop some flags from an `options=`/`flags=` list; the whole option when none would remain. */
export function withoutFlags(o: SquidOption, flags: readonly SquidFlag[], all: readonly SquidFlag[]): TextEdit {
  const keep = all.filter((f) => !flags.includes(f));
  if (!keep.length) return removeOption(o);
  const sep = /,/.test(o.value?.text ?? '') ? ',' : ':';
  return replaceValue(o, keep.map((f) => (f.cleared ? '-' : '') + f.name).join(sep));
}

/** Add a flag to an existing `options=`/`flags=` list. */
export function withFlag(o: SquidOption, flag: string): TextEdit {
  const text = o.value?.text ?? '';
  const sep = text.includes(':') && !text.includes(',') ? ':' : ',';
  return replaceValue(o, text ? text + sep + flag : flag);
}

/** Append an option after the directive's last argument. */
export function appendArg(d: Directive, option: string): TextEdit {
  const last = d.args.length ? d.args[d.args.length - 1].range : d.nameRange;
  return insertAfter(d.file, last, ' ' + option);
}

/** The port option spelling that matches the port's style: `tls-name` unless the port uses old names. */
export function portOptionName(name: string): string {
  return `tls-${name}`;
}
