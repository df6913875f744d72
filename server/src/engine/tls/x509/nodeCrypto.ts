// node:crypto, loaded when a certificate or key is first inspected: `tlslint --version`, the ciphers
// subcommand and lints of configurations without certificates never need it, and loading it (with the
// stream modules it brings) costs every start about 3% of `tlslint --version`.

let loaded: typeof import('node:crypto') | undefined;

export function nodeCrypto(): typeof import('node:crypto') {
  loaded ??= require('node:crypto') as typeof import('node:crypto');
  return loaded;
}
