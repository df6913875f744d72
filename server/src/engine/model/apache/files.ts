// mod_ssl directives whose argument names a file, and what the file must hold.

import type { Arg } from '../../syntax/tree';
import type { FileKind } from '../configFiles';
import type { Item } from '../workspace';
import { argAt, argTexts } from './support';

export const APACHE_FILE_DIRECTIVES: Record<string, FileKind> = {
  sslcertificatefile: 'certificate',
  sslcertificatekeyfile: 'key',
  sslcertificatechainfile: 'ca',
  sslcacertificatefile: 'ca',
  sslproxycacertificatefile: 'ca',
  sslproxymachinecertificatefile: 'certificate',
  sslproxymachinecertificatechainfile: 'ca',
};

/** The file argument of an Apache item as httpd reads it, and its kind (SSLOpenSSLConfCmd DHParameters: the second argument). */
export function apacheFileArg(it: Item): { arg: Arg; kind: FileKind } | undefined {
  const d = it.directive;
  if (d.lname === 'sslopensslconfcmd') {
    if ((argTexts(d, it.ctx.root)[0] ?? '').toLowerCase() !== 'dhparameters') return undefined;
    const arg = argAt(it, 1);
    return arg ? { arg, kind: 'dhparam' } : undefined;
  }
  const kind = APACHE_FILE_DIRECTIVES[d.lname];
  const arg = argAt(it, 0);
  return kind && arg ? { arg, kind } : undefined;
}
