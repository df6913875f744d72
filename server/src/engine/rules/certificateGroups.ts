// Views of the certificate tables (certificateSites.ts) that many cert-* rules read, each built once per
// table instead of once per rule. A hosting tree has one certificate directive per server but only a
// handful of distinct files: the rules judge each file once and visit the groups only to report.

import type { CertificateInfo } from '../tls/x509/certificate';
import type { RuleContext } from './rule';
import type { FileKind } from '../model/configFiles';
import { byCertificateDirective, certificateNames, fileSites, serverCertificates, type CertServer, type FileSite, type ServerCertificate } from './certificateSites';

const groupCache = new WeakMap<ServerCertificate[], ServerCertificate[][]>();

/** byCertificateDirective(serverCertificates(ctx)), computed once per lint. */
export function certificateGroups(ctx: RuleContext): ServerCertificate[][] {
  const list = serverCertificates(ctx);
  let groups = groupCache.get(list);
  if (!groups) {
    groups = byCertificateDirective(list);
    groupCache.set(list, groups);
  }
  return groups;
}

const byServerCache = new WeakMap<ServerCertificate[], Map<CertServer, ServerCertificate[]>>();

/** The readable certificates of each server, in table order. */
export function certificatesByServer(ctx: RuleContext): Map<CertServer, ServerCertificate[]> {
  const list = serverCertificates(ctx);
  let byServer = byServerCache.get(list);
  if (!byServer) {
    byServer = new Map();
    for (const sc of list) {
      const own = byServer.get(sc.server);
      if (own) own.push(sc);
      else byServer.set(sc.server, [sc]);
    }
    byServerCache.set(list, byServer);
  }
  return byServer;
}

const namesCache = new WeakMap<CertificateInfo, { dns: string[]; ip: string[] }>();

/** certificateNames of a certificate, computed once per certificate (thousands of servers share a leaf). Read only. */
export function namesOf(c: CertificateInfo): { dns: string[]; ip: string[] } {
  let names = namesCache.get(c);
  if (!names) {
    names = certificateNames(c);
    namesCache.set(c, names);
  }
  return names;
}

const kindCache = new WeakMap<FileSite[], Map<FileKind, FileSite[]>>();

/** fileSites(ws) of one kind, in table order. */
export function fileSitesOfKind(ctx: RuleContext, kind: FileKind): FileSite[] {
  const all = fileSites(ctx.workspace);
  let byKind = kindCache.get(all);
  if (!byKind) {
    byKind = new Map();
    for (const site of all) {
      const list = byKind.get(site.kind);
      if (list) list.push(site);
      else byKind.set(site.kind, [site]);
    }
    kindCache.set(all, byKind);
  }
  return byKind.get(kind) ?? [];
}

/**
 * Memoize a verdict that depends only on a certificate file's contents and its chain (not on the site
 * or the servers): one computation per file for the length of one check.
 */
export function perCertificateFile<T>(compute: (sc: ServerCertificate) => T): (sc: ServerCertificate) => T {
  const cache = new Map<ServerCertificate['bundle'], { chain: ServerCertificate['chain']; value: T }>();
  return (sc) => {
    const hit = cache.get(sc.bundle);
    if (hit && hit.chain === sc.chain) return hit.value;
    const value = compute(sc);
    cache.set(sc.bundle, { chain: sc.chain, value });
    return value;
  };
}
