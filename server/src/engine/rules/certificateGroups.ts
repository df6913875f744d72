// Views of the certificate tables (certificateSites.ts) that many cert-* rules read, each built once per
// table instead of once per rule. A hosting tree has one certificate directive per server but only a
// handful of distinct files: the rules judge each file once and visit the groups only to report.

import type { CertificateInfo } from '../tls/x509/certificate';
import type { RuleContext } from './rule';
import type { Workspace } from '../model/workspace';
import type { FileKind } from '../model/configFiles';
import { byCertificateDirective, certificateNames, distinctFileSites, nameMatcher, type NameMatcher, fileSites, serverCertificates, type CertServer, type FileSite, type ServerCertificate } from './certificateSites';

export { distinctFileSites };

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

const distinctCache = new WeakMap<ServerCertificate[], ServerCertificate[]>();

/**
 * The first entry of serverCertificates(ctx) for each distinct certificate file (bundle and chain), in
 * table order: when a verdict that depends on the file alone flags none of them, it flags no entry.
 */
export function distinctCertificateFiles(ctx: RuleContext): ServerCertificate[] {
  const list = serverCertificates(ctx);
  let firsts = distinctCache.get(list);
  if (!firsts) {
    firsts = [];
    const seen = new Map<ServerCertificate['bundle'], ServerCertificate['chain'][]>();
    for (let i = 0; i < list.length; i++) {
      const sc = list[i];
      const chains = seen.get(sc.bundle);
      if (!chains) seen.set(sc.bundle, [sc.chain]);
      else if (!chains.includes(sc.chain)) chains.push(sc.chain);
      else continue;
      firsts.push(sc);
    }
    distinctCache.set(list, firsts);
  }
  return firsts;
}

/**
 * certificateGroups(ctx) for a rule whose finding needs `flagged`, a verdict on the certificate file
 * alone: none when no file is flagged (the usual case, and then the groups are not even built).
 */
export function groupsToCheck(ctx: RuleContext, flagged: (sc: ServerCertificate) => unknown): ServerCertificate[][] {
  return distinctCertificateFiles(ctx).some((sc) => flagged(sc)) ? certificateGroups(ctx) : [];
}

const byServerCache = new WeakMap<ServerCertificate[], Map<CertServer, ServerCertificate[]>>();

/** The readable certificates of each server, in table order. */
export function certificatesByServer(ctx: RuleContext): Map<CertServer, ServerCertificate[]> {
  const list = serverCertificates(ctx);
  let byServer = byServerCache.get(list);
  if (!byServer) {
    byServer = new Map();
    for (let i = 0; i < list.length; i++) {
      const sc = list[i];
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

const matcherCache = new WeakMap<CertificateInfo, NameMatcher>();

/** nameMatcher(namesOf(c)), made once per certificate. Read only. */
export function matcherOf(c: CertificateInfo): NameMatcher {
  let m = matcherCache.get(c);
  if (!m) {
    m = nameMatcher(namesOf(c));
    matcherCache.set(c, m);
  }
  return m;
}

/** fileSites(ws) for a rule whose finding needs `flagged` (a verdict on the kind and file alone): none when no file is flagged. */
export function fileSitesToCheck(ws: Workspace, flagged: (site: FileSite) => unknown): FileSite[] {
  return distinctFileSites(ws).some((site) => flagged(site)) ? fileSites(ws) : [];
}

/** Memoize, for the length of one check, a verdict on a site's kind and resolved file (sites that are not files are judged each). */
export function perSiteFile<T>(compute: (site: FileSite) => T): (site: FileSite) => T {
  const cache = new Map<FileKind, Map<string, T>>();
  return (site) => {
    const r = site.resolution;
    if (r.kind !== 'file') return compute(site);
    let byPath = cache.get(site.kind);
    if (!byPath) {
      byPath = new Map();
      cache.set(site.kind, byPath);
    }
    if (byPath.has(r.path)) return byPath.get(r.path)!;
    const value = compute(site);
    byPath.set(r.path, value);
    return value;
  };
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
