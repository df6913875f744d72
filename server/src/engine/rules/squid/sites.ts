// Squid's cipher strings, suite lists, group lists, file arguments and certificate uses, in the shapes
// the shared cipher and certificate rules read (see ../dialectSites.ts). Every argument handed over is
// the value part of a `key=value` option (a synthetic Arg with its exact range), so findings and fixes
// touch only the value.
//
// No group sites: `tls-dh=curve:file` names a single curve (not an OpenSSL group list), so weak-curves
// judges it in squid/weakCurves.ts with fixes Squid accepts.

import type { Dialect } from '../../types';
import type { Protocol } from '../../tls/ciphers/table';
import type { Workspace } from '../../model/workspace';
import { squid, squidRootFile, type SquidPort, type SquidTlsOptions } from '../../model/squid/policy';
import { expandFor, type CipherSite } from '../cipherSites';
import { siteOf, type CertServer, type CertificateUse, type FileSite } from '../certificateSites';
import type { DialectSites } from '../dialectSites';
import { appendArg } from './edits';
import { hasKeyBlock } from './keys';
import { splitOption } from '../../syntax/squid';

const DIALECT: Dialect = 'squid';
const TABLE_PROTOCOLS: readonly Protocol[] = ['SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

/** Squid option values cannot be quoted: a value is written as is. */
export const squidValue = (value: string): string => value;

const tableLists = new WeakMap<readonly string[], Protocol[]>();

/**
 * The cipher table's protocols among `names`. One frozen list per list of names: the policy shares its
 * protocol lists (one per set of versions), so the 20,000 port sites of squid-10000 share a few lists,
 * and the sites' readers only read them.
 */
function tableProtocols(names: readonly string[]): Protocol[] {
  let list = tableLists.get(names);
  if (!list) {
    list = Object.freeze(TABLE_PROTOCOLS.filter((p) => names.includes(p))) as Protocol[];
    tableLists.set(names, list);
  }
  return list;
}

/** Squid sites serve no nginx server or upstream: one frozen empty list for all of them. */
const NO_NGINX = Object.freeze([]) as unknown as never[];

/**
 * Per root, its ports' CertServers. A Map per root (kept as long as the root is) rather than one
 * WeakMap keyed by every port: weak tables of tens of thousands of entries are costly to grow and to
 * trace in every major collection.
 */
const certServers = new WeakMap<SquidPort['root'], Map<SquidPort, CertServer>>();

/** What the certificate rules need of a port (one object per port: rules key maps by it). */
export function certServerOf(port: SquidPort): CertServer {
  let byPort = certServers.get(port.root);
  if (!byPort) certServers.set(port.root, (byPort = new Map()));
  let s = byPort.get(port);
  if (!s) {
    s = makeCertServer(port);
    byPort.set(port, s);
  }
  return s;
}

function makeCertServer(port: SquidPort): CertServer {
  return {
    dialect: DIALECT,
    kind: port.bump ? 'ssl-bump' : port.kind,
    root: port.root,
    directive: port.directive,
    tls: port.tls,
    rejectHandshake: { value: false },
    names: port.bump ? [] : acceleratedNames(port),
    label: port.label,
  };
}

/** An accelerator port's `defaultsite=`: the site name clients reach it by (cert-hostname-mismatch checks it). */
function acceleratedNames(port: SquidPort): CertServer['names'] {
  if (!port.directive.args.some((a) => a.text === 'accel')) return [];
  const out: CertServer['names'] = [];
  for (const a of port.directive.args) {
    const kv = splitOption(a);
    if (kv && kv.key.toLowerCase() === 'defaultsite' && kv.value.text) out.push({ name: kv.value.text.replace(/:\d+$/, ''), item: port.item, range: kv.value.range });
  }
  return out;
}

function cipherSitesOf(ws: Workspace): CipherSite[] {
  const out: CipherSite[] = [];
  const level = ws.settings.securityLevel;
  // Expansions by protocol list and string, for this call: thousands of ports share a few of each,
  // and expandFor builds its cache key from the list on every call.
  const expansions = new Map<Protocol[], Map<string, CipherSite['expansion']>>();
  const expand = (text: string, protocols: Protocol[]): CipherSite['expansion'] => {
    let byText = expansions.get(protocols);
    if (!byText) expansions.set(protocols, (byText = new Map()));
    let x = byText.get(text);
    if (!x) byText.set(text, (x = expandFor(text, protocols, level)));
    return x;
  };
  for (const policy of squid(ws)) {
    const rootFile = squidRootFile(policy.root);
    for (const port of policy.ports) {
      if (!port.tls) continue;
      const protocols = tableProtocols(port.protocols.value);
      const user = { server: certServerOf(port), certificateCount: port.certificates.length, protocols: [...protocols] };
      if (port.cipher?.value) {
        const v = port.cipher.value;
        out.push({
          dialect: DIALECT,
          side: 'server',
          text: v.text,
          directive: port.directive,
          arg: v,
          servers: NO_NGINX,
          upstreams: NO_NGINX,
          users: [user],
          quote: squidValue,
          protocols,
          expansion: expand(v.text, protocols),
          file: port.directive.file,
          range: v.range,
          rootFile,
        });
        continue;
      }
      const anchor = port.address ?? port.directive;
      const range = 'range' in anchor && 'text' in anchor ? anchor.range : port.directive.nameRange;
      out.push({
        dialect: DIALECT,
        side: 'server',
        text: port.ciphers.value,
        servers: NO_NGINX,
        upstreams: NO_NGINX,
        users: [user],
        quote: squidValue,
        label: `${port.label}: OpenSSL's default cipher list "${port.ciphers.value}" (no cipher= is set)`,
        setString: (value) => [appendArg(port.directive, `tls-cipher=${value}`)],
        protocols,
        expansion: expand(port.ciphers.value, protocols),
        file: port.directive.file,
        range,
        rootFile,
      });
    }
    for (const o of policy.outgoing) {
      if (!o.cipher?.value) continue;
      const v = o.cipher.value;
      const protocols = tableProtocols(o.protocols.value);
      out.push({
        dialect: DIALECT,
        side: 'upstream',
        text: v.text,
        directive: o.cipher.item.directive,
        arg: v,
        servers: NO_NGINX,
        upstreams: NO_NGINX,
        quote: squidValue,
        protocols,
        expansion: expand(v.text, protocols),
        file: o.cipher.item.directive.file,
        range: v.range,
        rootFile,
      });
    }
  }
  return out;
}

function fileSitesOf(ws: Workspace): FileSite[] {
  const out: FileSite[] = [];
  // Indexed loops over every record and option: run once per lint, for-of made an iterator result per
  // step before V8 optimized it (8 MB of them for squid-10000).
  for (const policy of squid(ws)) {
    for (const list of [policy.ports, policy.outgoing] as SquidTlsOptions[][]) {
      for (let i = 0; i < list.length; i++) {
        const t = list[i];
        for (let j = 0; j < t.certificates.length; j++) {
          const c = t.certificates[j];
          if (c.cert.value?.text) out.push(siteOf(ws, c.cert.item.directive, c.cert.value, policy.root, 'certificate'));
          if (c.key?.value?.text) out.push(siteOf(ws, c.key.item.directive, c.key.value, policy.root, 'key'));
        }
        for (let j = 0; j < t.cafiles.length; j++) {
          const ca = t.cafiles[j];
          if (ca.value?.text) out.push(siteOf(ws, ca.item.directive, ca.value, policy.root, 'ca'));
        }
      }
    }
    for (let i = 0; i < policy.ports.length; i++) {
      const port = policy.ports[i];
      if (port.dh?.file?.text) out.push(siteOf(ws, port.directive, port.dh.file, policy.root, 'dhparam'));
      for (let j = 0; j < port.options.length; j++) {
        const o = port.options[j];
        if (o.key === 'clientca' && o.value?.text) out.push(siteOf(ws, port.directive, o.value, policy.root, 'ca'));
      }
    }
  }
  return out;
}

/**
 * The certificate each TLS port uses (the first tls-cert=; OpenSSL builds ignore the others), with its
 * key: the tls-key= after it, or the certificate file itself when that file holds the key.
 */
function certificateUsesOf(ws: Workspace): CertificateUse[] {
  const out: CertificateUse[] = [];
  for (const policy of squid(ws)) {
    for (const port of policy.ports) {
      if (!port.tls) continue;
      const c = port.certificates.find((x) => !x.ignored);
      if (!c?.cert.value?.text) continue;
      const certificate = { directive: port.directive, arg: c.cert.value };
      let key: CertificateUse['key'];
      if (c.key?.value?.text) key = { directive: port.directive, arg: c.key.value };
      else if (hasKeyBlock(ws, siteOf(ws, port.directive, c.cert.value, policy.root, 'certificate'))) key = certificate;
      out.push({ server: certServerOf(port), certificate, key });
    }
  }
  return out;
}

export const squidSites: DialectSites = {
  cipherSites: cipherSitesOf,
  fileSites: fileSitesOf,
  certificateUses: certificateUsesOf,
};

