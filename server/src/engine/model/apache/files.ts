// mod_ssl directives whose argument names a file, and what the file must hold.

import type { Arg, Directive } from '../../syntax/tree';
import type { FileKind } from '../configFiles';
import type { Item, RootContext } from '../workspace';
import { argIn, argTexts } from './support';
import { lookupTable } from '../../lookup';

export const APACHE_FILE_DIRECTIVES = lookupTable<FileKind>({
  sslcertificatefile: 'certificate',
  sslcertificatekeyfile: 'key',
  sslcertificatechainfile: 'ca',
  sslcacertificatefile: 'ca',
  sslproxycacertificatefile: 'ca',
  sslproxymachinecertificatefile: 'certificate',
  sslproxymachinecertificatechainfile: 'ca',
});

/** The file argument of an Apache item as httpd reads it, and its kind (SSLOpenSSLConfCmd DHParameters: the second argument). */
export function apacheFileArg(it: Item): { arg: Arg; kind: FileKind } | undefined {
  return apacheFileArgOf(it.directive, it.ctx.root);
}

/** The same for a directive as `root` sees it (no root: as written). */
export function apacheFileArgOf(d: Directive, root: RootContext | undefined): { arg: Arg; kind: FileKind } | undefined {
  if (d.lname === 'sslopensslconfcmd') {
    if ((argTexts(d, root)[0] ?? '').toLowerCase() !== 'dhparameters') return undefined;
    const arg = argIn(d, root, 1);
    return arg ? { arg, kind: 'dhparam' } : undefined;
  }
  const kind = APACHE_FILE_DIRECTIVES[d.lname];
  const arg = argIn(d, root, 0);
  return kind && arg ? { arg, kind } : undefined;
}
