// The vocabulary of the nginx directive table: block contexts as bits, row flags, and the row shape.
// Kept apart from the (generated) rows so both the table and its readers import the same constants.

/** Where an nginx directive can be written. `if-server` is `if` inside `server`; `if-location` inside `location`. */
export type NginxContext =
  | 'main'
  | 'events'
  | 'http'
  | 'server'
  | 'location'
  | 'if-server'
  | 'if-location'
  | 'upstream'
  | 'limit_except'
  | 'stream'
  | 'stream-server'
  | 'stream-upstream'
  | 'mail'
  | 'mail-server';

/** Every context, in bit order (the bit of `NGINX_CONTEXTS[i]` is `1 << i`). */
export const NGINX_CONTEXTS: readonly NginxContext[] = [
  'main', 'events', 'http', 'server', 'location', 'if-server', 'if-location', 'upstream', 'limit_except',
  'stream', 'stream-server', 'stream-upstream', 'mail', 'mail-server',
];

// Context bits, named after nginx's NGX_*_CONF flags.
export const MAIN = 1 << 0;
export const EVENTS = 1 << 1;
export const HTTP = 1 << 2;
export const SRV = 1 << 3;
export const LOC = 1 << 4;
export const SIF = 1 << 5;
export const LIF = 1 << 6;
export const UPS = 1 << 7;
export const LMT = 1 << 8;
export const STREAM = 1 << 9;
export const SSRV = 1 << 10;
export const SUPS = 1 << 11;
export const MAIL = 1 << 12;
export const MSRV = 1 << 13;
/** NGX_ANY_CONF (`include`): every context. */
export const ANY = (1 << 14) - 1;

// Row flags.
/** Takes a `{ … }` block. */
export const B = 1 << 0;
/** May be repeated in one block: nginx does not say "directive is duplicate". */
export const R = 1 << 1;
/** Repeating it adds to the value (a bitmask such as `ssl_protocols`): accepted, values are merged. */
export const U = 1 << 2;
/** Obsolete: still accepted, ignored with a warning. */
export const O = 1 << 3;
/** Deprecated: still works, nginx warns and names the replacement. */
export const D = 1 << 4;
/** From a third-party module (not in the nginx sources): facts from that module's documentation. */
export const T = 1 << 5;

export interface RowExtra {
  /** Version from which the directive is obsolete (accepted and ignored). */
  obsolete?: string;
  /** The directive to use instead. */
  use?: string;
  /** Contexts that were allowed only later than the directive itself, with the version. */
  ctxSince?: Partial<Record<NginxContext, string>>;
}

/**
 * One directive as defined by one module:
 * [name, module (`ngx_<module>_module` without prefix and suffix), context bits, arguments, flags,
 *  since?, removed?, extra?].
 * Arguments: the allowed counts as digits (`'12'`: one or two), `'N+'` N or more, `'*'` any number,
 * `'flag'` exactly one of on/off.
 */
export type DirectiveRow = readonly [
  name: string,
  module: string,
  contexts: number,
  args: string,
  flags: number,
  since?: string,
  removed?: string,
  extra?: RowExtra,
];

export function contextBit(c: NginxContext): number {
  const i = NGINX_CONTEXTS.indexOf(c);
  return i < 0 ? 0 : 1 << i;
}

export function contextsOfMask(mask: number): NginxContext[] {
  return NGINX_CONTEXTS.filter((_, i) => (mask & (1 << i)) !== 0);
}

export function isNginxContext(s: string): s is NginxContext {
  return (NGINX_CONTEXTS as readonly string[]).includes(s);
}
