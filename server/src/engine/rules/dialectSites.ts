// Sites other dialects add to the ones the nginx rules read: cipher strings, TLS 1.3 suite lists, group
// lists, file arguments and certificate uses. Each dialect module returns them already resolved to the
// shared shapes, so the cipher and certificate rules judge Apache and Squid the way they judge nginx.

import type { Workspace } from '../model/workspace';
import type { CipherSite, GroupSite, Tls13Site } from './cipherSites';
import type { CertificateUse, FileSite } from './certificateSites';
import { apacheSites } from './apache/sites';
import { squidSites } from './squid/sites';

export interface DialectSites {
  cipherSites?(ws: Workspace): CipherSite[];
  tls13Sites?(ws: Workspace): Tls13Site[];
  groupSites?(ws: Workspace): GroupSite[];
  fileSites?(ws: Workspace): FileSite[];
  certificateUses?(ws: Workspace): CertificateUse[];
}

const OTHERS: readonly DialectSites[] = [apacheSites, squidSites];

export function otherCipherSites(ws: Workspace): CipherSite[] {
  return OTHERS.flatMap((d) => d.cipherSites?.(ws) ?? []);
}

export function otherTls13Sites(ws: Workspace): Tls13Site[] {
  return OTHERS.flatMap((d) => d.tls13Sites?.(ws) ?? []);
}

export function otherGroupSites(ws: Workspace): GroupSite[] {
  return OTHERS.flatMap((d) => d.groupSites?.(ws) ?? []);
}

export function otherFileSites(ws: Workspace): FileSite[] {
  return OTHERS.flatMap((d) => d.fileSites?.(ws) ?? []);
}

export function otherCertificateUses(ws: Workspace): CertificateUse[] {
  return OTHERS.flatMap((d) => d.certificateUses?.(ws) ?? []);
}
