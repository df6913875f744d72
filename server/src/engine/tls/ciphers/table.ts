// OpenSSL 3.0 cipher-suite table: every suite libssl 3.0 has in its tables (TLS <= 1.2 and TLS 1.3),
// with the properties OpenSSL's cipher-string engine selects on and the flags tlslint's rules judge.
//
// The rows were generated once from OpenSSL 3.0's ssl/s3_lib.c and the installed headers, and checked
// against `openssl ciphers -V` of Debian's OpenSSL 3.0 (test/unit/ciphers-openssl.test.ts re-checks).
// `unavailable` marks suites Debian's build (OpenSSL 3.0.19, default provider only) cannot offer:
//   'weak-ssl-ciphers'  compiled out unless OpenSSL is configured with enable-weak-ssl-ciphers (3DES, RC4);
//   'legacy-provider'   the algorithm lives only in the legacy provider, which libssl does not load (IDEA, SEED);
//   'gost'              needs the external GOST engine/provider.
// Single DES, RC2 and EXPORT suites are not in OpenSSL's table since 1.1.0, so they are not here either.

/** Protocol versions as OpenSSL names them (`openssl ciphers -v` column, cipher-string aliases). */
export type Protocol = 'SSLv3' | 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';

/** Key exchange, as OpenSSL's cipher-string aliases name it. `kANY`: TLS 1.3 (negotiated separately). */
export type KeyExchange =
  | 'kRSA' | 'kDHE' | 'kECDHE' | 'kPSK' | 'kRSAPSK' | 'kDHEPSK' | 'kECDHEPSK' | 'kSRP' | 'kGOST' | 'kGOST18' | 'kANY';

/** Server authentication. `aNULL`: anonymous. `aANY`: TLS 1.3. */
export type Authentication =
  | 'aRSA' | 'aDSS' | 'aECDSA' | 'aNULL' | 'aPSK' | 'aSRP' | 'aGOST01' | 'aGOST12' | 'aANY';

/** Bulk encryption (cipher, key size and mode). */
export type Encryption =
  | 'NULL' | 'DES' | '3DES' | 'RC4' | 'RC2' | 'IDEA' | 'SEED'
  | 'AES128' | 'AES256' | 'AES128GCM' | 'AES256GCM' | 'AES128CCM' | 'AES256CCM' | 'AES128CCM8' | 'AES256CCM8'
  | 'CAMELLIA128' | 'CAMELLIA256' | 'ARIA128GCM' | 'ARIA256GCM' | 'CHACHA20POLY1305'
  | 'GOST89' | 'GOST89CNT12' | 'MAGMA' | 'KUZNYECHIK';

/** Record MAC; `AEAD` when the cipher authenticates itself. */
export type Mac =
  | 'MD5' | 'SHA1' | 'SHA256' | 'SHA384' | 'AEAD'
  | 'GOST94' | 'GOST89MAC' | 'GOST12_256' | 'GOST89MAC12' | 'MAGMAOMAC' | 'KUZNYECHIKOMAC';

/** OpenSSL's strength class (`HIGH`, `MEDIUM`, `LOW` aliases); `NONE` for NULL encryption. */
export type StrengthClass = 'HIGH' | 'MEDIUM' | 'LOW' | 'NONE';

export type Unavailability = 'weak-ssl-ciphers' | 'legacy-provider' | 'gost';

/** One row as generated. */
interface SuiteRow {
  /** IANA code point, two bytes as one number (0xC02F). */
  id: number;
  name: string;
  iana: string | undefined;
  min: Protocol;
  max: Protocol;
  kx: KeyExchange;
  au: Authentication;
  enc: Encryption;
  mac: Mac;
  strength: StrengthClass;
  /** OpenSSL's strength_bits: effective security of the encryption (3DES: 112). */
  bits: number;
  /** OpenSSL's alg_bits: nominal key size (3DES: 168). */
  algBits: number;
  fips?: true;
  /** OpenSSL marks it SSL_NOT_DEFAULT: in COMPLEMENTOFDEFAULT, left out of DEFAULT. */
  notDefault?: true;
  unavailable?: Unavailability;
}

export interface CipherSuite {
  /** IANA code point as a number (0xC02F). */
  readonly id: number;
  /** The two bytes of the code point. */
  readonly bytes: readonly [number, number];
  /** The code point as `openssl ciphers -V` prints it: `0xC0,0x2F`. */
  readonly hexId: string;
  /** OpenSSL's name (`ECDHE-RSA-AES128-GCM-SHA256`); TLS 1.3 suites use their IANA name. */
  readonly name: string;
  /** IANA / RFC name (`TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256`); undefined for private-use GOST code points. */
  readonly ianaName: string | undefined;
  /** Lowest protocol version the suite can be used with (OpenSSL's min_tls, the `-v` column). */
  readonly minProtocol: Protocol;
  /** Highest protocol version the suite can be used with. */
  readonly maxProtocol: Protocol;
  readonly tls13: boolean;
  readonly kx: KeyExchange;
  readonly au: Authentication;
  readonly enc: Encryption;
  readonly mac: Mac;
  readonly strength: StrengthClass;
  /** Security bits of the encryption as OpenSSL rates it (what @SECLEVEL compares). */
  readonly strengthBits: number;
  /** Nominal key length of the encryption. */
  readonly algBits: number;
  /** In OpenSSL's FIPS alias. */
  readonly fips: boolean;
  /** Part of OpenSSL's DEFAULT (not in COMPLEMENTOFDEFAULT). */
  readonly inDefault: boolean;
  /** Offered by Debian's OpenSSL 3.0 build. */
  readonly available: boolean;
  readonly unavailableReason: Unavailability | undefined;
  /** Authenticated encryption (GCM, CCM, ChaCha20-Poly1305). */
  readonly aead: boolean;
  /** Block cipher in CBC mode. */
  readonly cbc: boolean;
  /** Ephemeral key exchange ((EC)DHE, (EC)DHE-PSK, TLS 1.3): what OpenSSL's level 3 requires. */
  readonly forwardSecrecy: boolean;
  /** EXPORT-grade suite. Always false: OpenSSL removed them in 1.1.0; kept so rules can ask. */
  readonly export: boolean;
  /** 64-bit block cipher (Sweet32): 3DES, IDEA, RC2, DES, GOST 28147-89/Magma. */
  readonly block64: boolean;
  /** No server authentication (aNULL). */
  readonly anonymous: boolean;
  /** No encryption at all (eNULL). */
  readonly nullEncryption: boolean;
  /** Pre-shared-key suite (needs a PSK callback; web servers never set one). */
  readonly psk: boolean;
  /** SRP suite (needs an SRP verifier file). */
  readonly srp: boolean;
}

// prettier-ignore
const ROWS: readonly SuiteRow[] = [
  { id: 0x0001, name: 'NULL-MD5', iana: 'TLS_RSA_WITH_NULL_MD5', min: 'SSLv3', max: 'TLSv1.2', kx: 'kRSA', au: 'aRSA', enc: 'NULL', mac: 'MD5', strength: 'NONE', bits: 0, algBits: 0 },
  { id: 0x0002, name: 'NULL-SHA', iana: 'TLS_RSA_WITH_NULL_SHA', min: 'SSLv3', max: 'TLSv1.2', kx: 'kRSA', au: 'aRSA', enc: 'NULL', mac: 'SHA1', strength: 'NONE', bits: 0, algBits: 0, fips: true },
  { id: 0x0004, name: 'RC4-MD5', iana: 'TLS_RSA_WITH_RC4_128_MD5', min: 'SSLv3', max: 'TLSv1.2', kx: 'kRSA', au: 'aRSA', enc: 'RC4', mac: 'MD5', strength: 'MEDIUM', bits: 128, algBits: 128, notDefault: true, unavailable: 'weak-ssl-ciphers' },
  { id: 0x0005, name: 'RC4-SHA', iana: 'TLS_RSA_WITH_RC4_128_SHA', min: 'SSLv3', max: 'TLSv1.2', kx: 'kRSA', au: 'aRSA', enc: 'RC4', mac: 'SHA1', strength: 'MEDIUM', bits: 128, algBits: 128, notDefault: true, unavailable: 'weak-ssl-ciphers' },
  { id: 0x0007, name: 'IDEA-CBC-SHA', iana: 'TLS_RSA_WITH_IDEA_CBC_SHA', min: 'SSLv3', max: 'TLSv1.1', kx: 'kRSA', au: 'aRSA', enc: 'IDEA', mac: 'SHA1', strength: 'MEDIUM', bits: 128, algBits: 128, notDefault: true, unavailable: 'legacy-provider' },
  { id: 0x000A, name: 'DES-CBC3-SHA', iana: 'TLS_RSA_WITH_3DES_EDE_CBC_SHA', min: 'SSLv3', max: 'TLSv1.2', kx: 'kRSA', au: 'aRSA', enc: '3DES', mac: 'SHA1', strength: 'MEDIUM', bits: 112, algBits: 168, fips: true, notDefault: true, unavailable: 'weak-ssl-ciphers' },
  { id: 0x0013, name: 'DHE-DSS-DES-CBC3-SHA', iana: 'TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA', min: 'SSLv3', max: 'TLSv1.2', kx: 'kDHE', au: 'aDSS', enc: '3DES', mac: 'SHA1', strength: 'MEDIUM', bits: 112, algBits: 168, fips: true, notDefault: true, unavailable: 'weak-ssl-ciphers' },
  { id: 0x0016, name: 'DHE-RSA-DES-CBC3-SHA', iana: 'TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA', min: 'SSLv3', max: 'TLSv1.2', kx: 'kDHE', au: 'aRSA', enc: '3DES', mac: 'SHA1', strength: 'MEDIUM', bits: 112, algBits: 168, fips: true, notDefault: true, unavailable: 'weak-ssl-ciphers' },
  { id: 0x0018, name: 'ADH-RC4-MD5', iana: 'TLS_DH_anon_WITH_RC4_128_MD5', min: 'SSLv3', max: 'TLSv1.2', kx: 'kDHE', au: 'aNULL', enc: 'RC4', mac: 'MD5', strength: 'MEDIUM', bits: 128, algBits: 128, notDefault: true, unavailable: 'weak-ssl-ciphers' },
  { id: 0x001B, name: 'ADH-DES-CBC3-SHA', iana: 'TLS_DH_anon_WITH_3DES_EDE_CBC_SHA', min: 'SSLv3', max: 'TLSv1.2', kx: 'kDHE', au: 'aNULL', enc: '3DES', mac: 'SHA1', strength: 'MEDIUM', bits: 112, algBits: 168, fips: true, notDefault: true, unavailable: 'weak-ssl-ciphers' },
  { id: 0x002C, name: 'PSK-NULL-SHA', iana: 'TLS_PSK_WITH_NULL_SHA', min: 'SSLv3', max: 'TLSv1.2', kx: 'kPSK', au: 'aPSK', enc: 'NULL', mac: 'SHA1', strength: 'NONE', bits: 0, algBits: 0, fips: true },
  { id: 0x002D, name: 'DHE-PSK-NULL-SHA', iana: 'TLS_DHE_PSK_WITH_NULL_SHA', min: 'SSLv3', max: 'TLSv1.2', kx: 'kDHEPSK', au: 'aPSK', enc: 'NULL', mac: 'SHA1', strength: 'NONE', bits: 0, algBits: 0, fips: true },
  { id: 0x002E, name: 'RSA-PSK-NULL-SHA', iana: 'TLS_RSA_PSK_WITH_NULL_SHA', min: 'SSLv3', max: 'TLSv1.2', kx: 'kRSAPSK', au: 'aRSA', enc: 'NULL', mac: 'SHA1', strength: 'NONE', bits: 0, algBits: 0, fips: true },
  { id: 0x002F, name: 'AES128-SHA', iana: 'TLS_RSA_WITH_AES_128_CBC_SHA', min: 'SSLv3', max: 'TLSv1.2', kx: 'kRSA', au: 'aRSA', enc: 'AES128', mac: 'SHA1', strength: 'HIGH', bits: 128, algBits: 128, fips: true },
  { id: 0x0032, name: 'DHE-DSS-AES128-SHA', iana: 'TLS_DHE_DSS_WITH_AES_128_CBC_SHA', min: 'SSLv3', max: 'TLSv1.2', kx: 'kDHE', au: 'aDSS', enc: 'AES128', mac: 'SHA1', strength: 'HIGH', bits: 128, algBits: 128, fips: true, notDefault: true },
  { id: 0x0033, name: 'DHE-RSA-AES128-SHA', iana: 'TLS_DHE_RSA_WITH_AES_128_CBC_SHA', min: 'SSLv3', max: 'TLSv1.2', kx: 'kDHE', au: 'aRSA', enc: 'AES128', mac: 'SHA1', strength: 'HIGH', bits: 128, algBits: 128, fips: true },
  { id: 0x0034, name: 'ADH-AES128-SHA', iana: 'TLS_DH_anon_WITH_AES_128_CBC_SHA', min: 'SSLv3', max: 'TLSv1.2', kx: 'kDHE', au: 'aNULL', enc: 'AES128', mac: 'SHA1', strength: 'HIGH', bits: 128, algBits: 128, fips: true, notDefault: true },
  { id: 0x0035, name: 'AES256-SHA', iana: 'TLS_RSA_WITH_AES_256_CBC_SHA', min: 'SSLv3', max: 'TLSv1.2', kx: 'kRSA', au: 'aRSA', enc: 'AES256', mac: 'SHA1', strength: 'HIGH', bits: 256, algBits: 256, fips: true },
  { id: 0x0038, name: 'DHE-DSS-AES256-SHA', iana: 'TLS_DHE_DSS_WITH_AES_256_CBC_SHA', min: 'SSLv3', max: 'TLSv1.2', kx: 'kDHE', au: 'aDSS', enc: 'AES256', mac: 'SHA1', strength: 'HIGH', bits: 256, algBits: 256, fips: true, notDefault: true },
  { id: 0x0039, name: 'DHE-RSA-AES256-SHA', iana: 'TLS_DHE_RSA_WITH_AES_256_CBC_SHA', min: 'SSLv3', max: 'TLSv1.2', kx: 'kDHE', au: 'aRSA', enc: 'AES256', mac: 'SHA1', strength: 'HIGH', bits: 256, algBits: 256, fips: true },
  { id: 0x003A, name: 'ADH-AES256-SHA', iana: 'TLS_DH_anon_WITH_AES_256_CBC_SHA', min: 'SSLv3', max: 'TLSv1.2', kx: 'kDHE', au: 'aNULL', enc: 'AES256', mac: 'SHA1', strength: 'HIGH', bits: 256, algBits: 256, fips: true, notDefault: true },
  { id: 0x003B, name: 'NULL-SHA256', iana: 'TLS_RSA_WITH_NULL_SHA256', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kRSA', au: 'aRSA', enc: 'NULL', mac: 'SHA256', strength: 'NONE', bits: 0, algBits: 0, fips: true },
  { id: 0x003C, name: 'AES128-SHA256', iana: 'TLS_RSA_WITH_AES_128_CBC_SHA256', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kRSA', au: 'aRSA', enc: 'AES128', mac: 'SHA256', strength: 'HIGH', bits: 128, algBits: 128, fips: true },
  { id: 0x003D, name: 'AES256-SHA256', iana: 'TLS_RSA_WITH_AES_256_CBC_SHA256', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kRSA', au: 'aRSA', enc: 'AES256', mac: 'SHA256', strength: 'HIGH', bits: 256, algBits: 256, fips: true },
  { id: 0x0040, name: 'DHE-DSS-AES128-SHA256', iana: 'TLS_DHE_DSS_WITH_AES_128_CBC_SHA256', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kDHE', au: 'aDSS', enc: 'AES128', mac: 'SHA256', strength: 'HIGH', bits: 128, algBits: 128, fips: true, notDefault: true },
  { id: 0x0041, name: 'CAMELLIA128-SHA', iana: 'TLS_RSA_WITH_CAMELLIA_128_CBC_SHA', min: 'SSLv3', max: 'TLSv1.2', kx: 'kRSA', au: 'aRSA', enc: 'CAMELLIA128', mac: 'SHA1', strength: 'HIGH', bits: 128, algBits: 128, notDefault: true },
  { id: 0x0044, name: 'DHE-DSS-CAMELLIA128-SHA', iana: 'TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA', min: 'SSLv3', max: 'TLSv1.2', kx: 'kDHE', au: 'aDSS', enc: 'CAMELLIA128', mac: 'SHA1', strength: 'HIGH', bits: 128, algBits: 128, notDefault: true },
  { id: 0x0045, name: 'DHE-RSA-CAMELLIA128-SHA', iana: 'TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA', min: 'SSLv3', max: 'TLSv1.2', kx: 'kDHE', au: 'aRSA', enc: 'CAMELLIA128', mac: 'SHA1', strength: 'HIGH', bits: 128, algBits: 128, notDefault: true },
  { id: 0x0046, name: 'ADH-CAMELLIA128-SHA', iana: 'TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA', min: 'SSLv3', max: 'TLSv1.2', kx: 'kDHE', au: 'aNULL', enc: 'CAMELLIA128', mac: 'SHA1', strength: 'HIGH', bits: 128, algBits: 128, notDefault: true },
  { id: 0x0067, name: 'DHE-RSA-AES128-SHA256', iana: 'TLS_DHE_RSA_WITH_AES_128_CBC_SHA256', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kDHE', au: 'aRSA', enc: 'AES128', mac: 'SHA256', strength: 'HIGH', bits: 128, algBits: 128, fips: true },
  { id: 0x006A, name: 'DHE-DSS-AES256-SHA256', iana: 'TLS_DHE_DSS_WITH_AES_256_CBC_SHA256', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kDHE', au: 'aDSS', enc: 'AES256', mac: 'SHA256', strength: 'HIGH', bits: 256, algBits: 256, fips: true, notDefault: true },
  { id: 0x006B, name: 'DHE-RSA-AES256-SHA256', iana: 'TLS_DHE_RSA_WITH_AES_256_CBC_SHA256', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kDHE', au: 'aRSA', enc: 'AES256', mac: 'SHA256', strength: 'HIGH', bits: 256, algBits: 256, fips: true },
  { id: 0x006C, name: 'ADH-AES128-SHA256', iana: 'TLS_DH_anon_WITH_AES_128_CBC_SHA256', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kDHE', au: 'aNULL', enc: 'AES128', mac: 'SHA256', strength: 'HIGH', bits: 128, algBits: 128, fips: true, notDefault: true },
  { id: 0x006D, name: 'ADH-AES256-SHA256', iana: 'TLS_DH_anon_WITH_AES_256_CBC_SHA256', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kDHE', au: 'aNULL', enc: 'AES256', mac: 'SHA256', strength: 'HIGH', bits: 256, algBits: 256, fips: true, notDefault: true },
  { id: 0x0081, name: 'GOST2001-GOST89-GOST89', iana: 'TLS_GOSTR341001_WITH_28147_CNT_IMIT', min: 'TLSv1', max: 'TLSv1.2', kx: 'kGOST', au: 'aGOST01', enc: 'GOST89', mac: 'GOST89MAC', strength: 'HIGH', bits: 256, algBits: 256, unavailable: 'gost' },
  { id: 0x0083, name: 'GOST2001-NULL-GOST94', iana: 'TLS_GOSTR341001_WITH_NULL_GOSTR3411', min: 'TLSv1', max: 'TLSv1.2', kx: 'kGOST', au: 'aGOST01', enc: 'NULL', mac: 'GOST94', strength: 'NONE', bits: 0, algBits: 0, unavailable: 'gost' },
  { id: 0x0084, name: 'CAMELLIA256-SHA', iana: 'TLS_RSA_WITH_CAMELLIA_256_CBC_SHA', min: 'SSLv3', max: 'TLSv1.2', kx: 'kRSA', au: 'aRSA', enc: 'CAMELLIA256', mac: 'SHA1', strength: 'HIGH', bits: 256, algBits: 256, notDefault: true },
  { id: 0x0087, name: 'DHE-DSS-CAMELLIA256-SHA', iana: 'TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA', min: 'SSLv3', max: 'TLSv1.2', kx: 'kDHE', au: 'aDSS', enc: 'CAMELLIA256', mac: 'SHA1', strength: 'HIGH', bits: 256, algBits: 256, notDefault: true },
  { id: 0x0088, name: 'DHE-RSA-CAMELLIA256-SHA', iana: 'TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA', min: 'SSLv3', max: 'TLSv1.2', kx: 'kDHE', au: 'aRSA', enc: 'CAMELLIA256', mac: 'SHA1', strength: 'HIGH', bits: 256, algBits: 256, notDefault: true },
  { id: 0x0089, name: 'ADH-CAMELLIA256-SHA', iana: 'TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA', min: 'SSLv3', max: 'TLSv1.2', kx: 'kDHE', au: 'aNULL', enc: 'CAMELLIA256', mac: 'SHA1', strength: 'HIGH', bits: 256, algBits: 256, notDefault: true },
  { id: 0x008A, name: 'PSK-RC4-SHA', iana: 'TLS_PSK_WITH_RC4_128_SHA', min: 'SSLv3', max: 'TLSv1.2', kx: 'kPSK', au: 'aPSK', enc: 'RC4', mac: 'SHA1', strength: 'MEDIUM', bits: 128, algBits: 128, notDefault: true, unavailable: 'weak-ssl-ciphers' },
  { id: 0x008B, name: 'PSK-3DES-EDE-CBC-SHA', iana: 'TLS_PSK_WITH_3DES_EDE_CBC_SHA', min: 'SSLv3', max: 'TLSv1.2', kx: 'kPSK', au: 'aPSK', enc: '3DES', mac: 'SHA1', strength: 'MEDIUM', bits: 112, algBits: 168, fips: true, notDefault: true, unavailable: 'weak-ssl-ciphers' },
  { id: 0x008C, name: 'PSK-AES128-CBC-SHA', iana: 'TLS_PSK_WITH_AES_128_CBC_SHA', min: 'SSLv3', max: 'TLSv1.2', kx: 'kPSK', au: 'aPSK', enc: 'AES128', mac: 'SHA1', strength: 'HIGH', bits: 128, algBits: 128, fips: true },
  { id: 0x008D, name: 'PSK-AES256-CBC-SHA', iana: 'TLS_PSK_WITH_AES_256_CBC_SHA', min: 'SSLv3', max: 'TLSv1.2', kx: 'kPSK', au: 'aPSK', enc: 'AES256', mac: 'SHA1', strength: 'HIGH', bits: 256, algBits: 256, fips: true },
  { id: 0x008E, name: 'DHE-PSK-RC4-SHA', iana: 'TLS_DHE_PSK_WITH_RC4_128_SHA', min: 'SSLv3', max: 'TLSv1.2', kx: 'kDHEPSK', au: 'aPSK', enc: 'RC4', mac: 'SHA1', strength: 'MEDIUM', bits: 128, algBits: 128, notDefault: true, unavailable: 'weak-ssl-ciphers' },
  { id: 0x008F, name: 'DHE-PSK-3DES-EDE-CBC-SHA', iana: 'TLS_DHE_PSK_WITH_3DES_EDE_CBC_SHA', min: 'SSLv3', max: 'TLSv1.2', kx: 'kDHEPSK', au: 'aPSK', enc: '3DES', mac: 'SHA1', strength: 'MEDIUM', bits: 112, algBits: 168, fips: true, notDefault: true, unavailable: 'weak-ssl-ciphers' },
  { id: 0x0090, name: 'DHE-PSK-AES128-CBC-SHA', iana: 'TLS_DHE_PSK_WITH_AES_128_CBC_SHA', min: 'SSLv3', max: 'TLSv1.2', kx: 'kDHEPSK', au: 'aPSK', enc: 'AES128', mac: 'SHA1', strength: 'HIGH', bits: 128, algBits: 128, fips: true },
  { id: 0x0091, name: 'DHE-PSK-AES256-CBC-SHA', iana: 'TLS_DHE_PSK_WITH_AES_256_CBC_SHA', min: 'SSLv3', max: 'TLSv1.2', kx: 'kDHEPSK', au: 'aPSK', enc: 'AES256', mac: 'SHA1', strength: 'HIGH', bits: 256, algBits: 256, fips: true },
  { id: 0x0092, name: 'RSA-PSK-RC4-SHA', iana: 'TLS_RSA_PSK_WITH_RC4_128_SHA', min: 'SSLv3', max: 'TLSv1.2', kx: 'kRSAPSK', au: 'aRSA', enc: 'RC4', mac: 'SHA1', strength: 'MEDIUM', bits: 128, algBits: 128, notDefault: true, unavailable: 'weak-ssl-ciphers' },
  { id: 0x0093, name: 'RSA-PSK-3DES-EDE-CBC-SHA', iana: 'TLS_RSA_PSK_WITH_3DES_EDE_CBC_SHA', min: 'SSLv3', max: 'TLSv1.2', kx: 'kRSAPSK', au: 'aRSA', enc: '3DES', mac: 'SHA1', strength: 'MEDIUM', bits: 112, algBits: 168, fips: true, notDefault: true, unavailable: 'weak-ssl-ciphers' },
  { id: 0x0094, name: 'RSA-PSK-AES128-CBC-SHA', iana: 'TLS_RSA_PSK_WITH_AES_128_CBC_SHA', min: 'SSLv3', max: 'TLSv1.2', kx: 'kRSAPSK', au: 'aRSA', enc: 'AES128', mac: 'SHA1', strength: 'HIGH', bits: 128, algBits: 128, fips: true },
  { id: 0x0095, name: 'RSA-PSK-AES256-CBC-SHA', iana: 'TLS_RSA_PSK_WITH_AES_256_CBC_SHA', min: 'SSLv3', max: 'TLSv1.2', kx: 'kRSAPSK', au: 'aRSA', enc: 'AES256', mac: 'SHA1', strength: 'HIGH', bits: 256, algBits: 256, fips: true },
  { id: 0x0096, name: 'SEED-SHA', iana: 'TLS_RSA_WITH_SEED_CBC_SHA', min: 'SSLv3', max: 'TLSv1.2', kx: 'kRSA', au: 'aRSA', enc: 'SEED', mac: 'SHA1', strength: 'MEDIUM', bits: 128, algBits: 128, notDefault: true, unavailable: 'legacy-provider' },
  { id: 0x0099, name: 'DHE-DSS-SEED-SHA', iana: 'TLS_DHE_DSS_WITH_SEED_CBC_SHA', min: 'SSLv3', max: 'TLSv1.2', kx: 'kDHE', au: 'aDSS', enc: 'SEED', mac: 'SHA1', strength: 'MEDIUM', bits: 128, algBits: 128, notDefault: true, unavailable: 'legacy-provider' },
  { id: 0x009A, name: 'DHE-RSA-SEED-SHA', iana: 'TLS_DHE_RSA_WITH_SEED_CBC_SHA', min: 'SSLv3', max: 'TLSv1.2', kx: 'kDHE', au: 'aRSA', enc: 'SEED', mac: 'SHA1', strength: 'MEDIUM', bits: 128, algBits: 128, notDefault: true, unavailable: 'legacy-provider' },
  { id: 0x009B, name: 'ADH-SEED-SHA', iana: 'TLS_DH_anon_WITH_SEED_CBC_SHA', min: 'SSLv3', max: 'TLSv1.2', kx: 'kDHE', au: 'aNULL', enc: 'SEED', mac: 'SHA1', strength: 'MEDIUM', bits: 128, algBits: 128, notDefault: true, unavailable: 'legacy-provider' },
  { id: 0x009C, name: 'AES128-GCM-SHA256', iana: 'TLS_RSA_WITH_AES_128_GCM_SHA256', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kRSA', au: 'aRSA', enc: 'AES128GCM', mac: 'AEAD', strength: 'HIGH', bits: 128, algBits: 128, fips: true },
  { id: 0x009D, name: 'AES256-GCM-SHA384', iana: 'TLS_RSA_WITH_AES_256_GCM_SHA384', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kRSA', au: 'aRSA', enc: 'AES256GCM', mac: 'AEAD', strength: 'HIGH', bits: 256, algBits: 256, fips: true },
  { id: 0x009E, name: 'DHE-RSA-AES128-GCM-SHA256', iana: 'TLS_DHE_RSA_WITH_AES_128_GCM_SHA256', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kDHE', au: 'aRSA', enc: 'AES128GCM', mac: 'AEAD', strength: 'HIGH', bits: 128, algBits: 128, fips: true },
  { id: 0x009F, name: 'DHE-RSA-AES256-GCM-SHA384', iana: 'TLS_DHE_RSA_WITH_AES_256_GCM_SHA384', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kDHE', au: 'aRSA', enc: 'AES256GCM', mac: 'AEAD', strength: 'HIGH', bits: 256, algBits: 256, fips: true },
  { id: 0x00A2, name: 'DHE-DSS-AES128-GCM-SHA256', iana: 'TLS_DHE_DSS_WITH_AES_128_GCM_SHA256', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kDHE', au: 'aDSS', enc: 'AES128GCM', mac: 'AEAD', strength: 'HIGH', bits: 128, algBits: 128, fips: true, notDefault: true },
  { id: 0x00A3, name: 'DHE-DSS-AES256-GCM-SHA384', iana: 'TLS_DHE_DSS_WITH_AES_256_GCM_SHA384', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kDHE', au: 'aDSS', enc: 'AES256GCM', mac: 'AEAD', strength: 'HIGH', bits: 256, algBits: 256, fips: true, notDefault: true },
  { id: 0x00A6, name: 'ADH-AES128-GCM-SHA256', iana: 'TLS_DH_anon_WITH_AES_128_GCM_SHA256', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kDHE', au: 'aNULL', enc: 'AES128GCM', mac: 'AEAD', strength: 'HIGH', bits: 128, algBits: 128, fips: true, notDefault: true },
  { id: 0x00A7, name: 'ADH-AES256-GCM-SHA384', iana: 'TLS_DH_anon_WITH_AES_256_GCM_SHA384', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kDHE', au: 'aNULL', enc: 'AES256GCM', mac: 'AEAD', strength: 'HIGH', bits: 256, algBits: 256, fips: true, notDefault: true },
  { id: 0x00A8, name: 'PSK-AES128-GCM-SHA256', iana: 'TLS_PSK_WITH_AES_128_GCM_SHA256', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kPSK', au: 'aPSK', enc: 'AES128GCM', mac: 'AEAD', strength: 'HIGH', bits: 128, algBits: 128, fips: true },
  { id: 0x00A9, name: 'PSK-AES256-GCM-SHA384', iana: 'TLS_PSK_WITH_AES_256_GCM_SHA384', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kPSK', au: 'aPSK', enc: 'AES256GCM', mac: 'AEAD', strength: 'HIGH', bits: 256, algBits: 256, fips: true },
  { id: 0x00AA, name: 'DHE-PSK-AES128-GCM-SHA256', iana: 'TLS_DHE_PSK_WITH_AES_128_GCM_SHA256', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kDHEPSK', au: 'aPSK', enc: 'AES128GCM', mac: 'AEAD', strength: 'HIGH', bits: 128, algBits: 128, fips: true },
  { id: 0x00AB, name: 'DHE-PSK-AES256-GCM-SHA384', iana: 'TLS_DHE_PSK_WITH_AES_256_GCM_SHA384', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kDHEPSK', au: 'aPSK', enc: 'AES256GCM', mac: 'AEAD', strength: 'HIGH', bits: 256, algBits: 256, fips: true },
  { id: 0x00AC, name: 'RSA-PSK-AES128-GCM-SHA256', iana: 'TLS_RSA_PSK_WITH_AES_128_GCM_SHA256', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kRSAPSK', au: 'aRSA', enc: 'AES128GCM', mac: 'AEAD', strength: 'HIGH', bits: 128, algBits: 128, fips: true },
  { id: 0x00AD, name: 'RSA-PSK-AES256-GCM-SHA384', iana: 'TLS_RSA_PSK_WITH_AES_256_GCM_SHA384', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kRSAPSK', au: 'aRSA', enc: 'AES256GCM', mac: 'AEAD', strength: 'HIGH', bits: 256, algBits: 256, fips: true },
  { id: 0x00AE, name: 'PSK-AES128-CBC-SHA256', iana: 'TLS_PSK_WITH_AES_128_CBC_SHA256', min: 'TLSv1', max: 'TLSv1.2', kx: 'kPSK', au: 'aPSK', enc: 'AES128', mac: 'SHA256', strength: 'HIGH', bits: 128, algBits: 128, fips: true },
  { id: 0x00AF, name: 'PSK-AES256-CBC-SHA384', iana: 'TLS_PSK_WITH_AES_256_CBC_SHA384', min: 'TLSv1', max: 'TLSv1.2', kx: 'kPSK', au: 'aPSK', enc: 'AES256', mac: 'SHA384', strength: 'HIGH', bits: 256, algBits: 256, fips: true },
  { id: 0x00B0, name: 'PSK-NULL-SHA256', iana: 'TLS_PSK_WITH_NULL_SHA256', min: 'TLSv1', max: 'TLSv1.2', kx: 'kPSK', au: 'aPSK', enc: 'NULL', mac: 'SHA256', strength: 'NONE', bits: 0, algBits: 0, fips: true },
  { id: 0x00B1, name: 'PSK-NULL-SHA384', iana: 'TLS_PSK_WITH_NULL_SHA384', min: 'TLSv1', max: 'TLSv1.2', kx: 'kPSK', au: 'aPSK', enc: 'NULL', mac: 'SHA384', strength: 'NONE', bits: 0, algBits: 0, fips: true },
  { id: 0x00B2, name: 'DHE-PSK-AES128-CBC-SHA256', iana: 'TLS_DHE_PSK_WITH_AES_128_CBC_SHA256', min: 'TLSv1', max: 'TLSv1.2', kx: 'kDHEPSK', au: 'aPSK', enc: 'AES128', mac: 'SHA256', strength: 'HIGH', bits: 128, algBits: 128, fips: true },
  { id: 0x00B3, name: 'DHE-PSK-AES256-CBC-SHA384', iana: 'TLS_DHE_PSK_WITH_AES_256_CBC_SHA384', min: 'TLSv1', max: 'TLSv1.2', kx: 'kDHEPSK', au: 'aPSK', enc: 'AES256', mac: 'SHA384', strength: 'HIGH', bits: 256, algBits: 256, fips: true },
  { id: 0x00B4, name: 'DHE-PSK-NULL-SHA256', iana: 'TLS_DHE_PSK_WITH_NULL_SHA256', min: 'TLSv1', max: 'TLSv1.2', kx: 'kDHEPSK', au: 'aPSK', enc: 'NULL', mac: 'SHA256', strength: 'NONE', bits: 0, algBits: 0, fips: true },
  { id: 0x00B5, name: 'DHE-PSK-NULL-SHA384', iana: 'TLS_DHE_PSK_WITH_NULL_SHA384', min: 'TLSv1', max: 'TLSv1.2', kx: 'kDHEPSK', au: 'aPSK', enc: 'NULL', mac: 'SHA384', strength: 'NONE', bits: 0, algBits: 0, fips: true },
  { id: 0x00B6, name: 'RSA-PSK-AES128-CBC-SHA256', iana: 'TLS_RSA_PSK_WITH_AES_128_CBC_SHA256', min: 'TLSv1', max: 'TLSv1.2', kx: 'kRSAPSK', au: 'aRSA', enc: 'AES128', mac: 'SHA256', strength: 'HIGH', bits: 128, algBits: 128, fips: true },
  { id: 0x00B7, name: 'RSA-PSK-AES256-CBC-SHA384', iana: 'TLS_RSA_PSK_WITH_AES_256_CBC_SHA384', min: 'TLSv1', max: 'TLSv1.2', kx: 'kRSAPSK', au: 'aRSA', enc: 'AES256', mac: 'SHA384', strength: 'HIGH', bits: 256, algBits: 256, fips: true },
  { id: 0x00B8, name: 'RSA-PSK-NULL-SHA256', iana: 'TLS_RSA_PSK_WITH_NULL_SHA256', min: 'TLSv1', max: 'TLSv1.2', kx: 'kRSAPSK', au: 'aRSA', enc: 'NULL', mac: 'SHA256', strength: 'NONE', bits: 0, algBits: 0, fips: true },
  { id: 0x00B9, name: 'RSA-PSK-NULL-SHA384', iana: 'TLS_RSA_PSK_WITH_NULL_SHA384', min: 'TLSv1', max: 'TLSv1.2', kx: 'kRSAPSK', au: 'aRSA', enc: 'NULL', mac: 'SHA384', strength: 'NONE', bits: 0, algBits: 0, fips: true },
  { id: 0x00BA, name: 'CAMELLIA128-SHA256', iana: 'TLS_RSA_WITH_CAMELLIA_128_CBC_SHA256', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kRSA', au: 'aRSA', enc: 'CAMELLIA128', mac: 'SHA256', strength: 'HIGH', bits: 128, algBits: 128, notDefault: true },
  { id: 0x00BD, name: 'DHE-DSS-CAMELLIA128-SHA256', iana: 'TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA256', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kDHE', au: 'aDSS', enc: 'CAMELLIA128', mac: 'SHA256', strength: 'HIGH', bits: 128, algBits: 128, notDefault: true },
  { id: 0x00BE, name: 'DHE-RSA-CAMELLIA128-SHA256', iana: 'TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA256', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kDHE', au: 'aRSA', enc: 'CAMELLIA128', mac: 'SHA256', strength: 'HIGH', bits: 128, algBits: 128, notDefault: true },
  { id: 0x00BF, name: 'ADH-CAMELLIA128-SHA256', iana: 'TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA256', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kDHE', au: 'aNULL', enc: 'CAMELLIA128', mac: 'SHA256', strength: 'HIGH', bits: 128, algBits: 128, notDefault: true },
  { id: 0x00C0, name: 'CAMELLIA256-SHA256', iana: 'TLS_RSA_WITH_CAMELLIA_256_CBC_SHA256', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kRSA', au: 'aRSA', enc: 'CAMELLIA256', mac: 'SHA256', strength: 'HIGH', bits: 256, algBits: 256, notDefault: true },
  { id: 0x00C3, name: 'DHE-DSS-CAMELLIA256-SHA256', iana: 'TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA256', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kDHE', au: 'aDSS', enc: 'CAMELLIA256', mac: 'SHA256', strength: 'HIGH', bits: 256, algBits: 256, notDefault: true },
  { id: 0x00C4, name: 'DHE-RSA-CAMELLIA256-SHA256', iana: 'TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA256', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kDHE', au: 'aRSA', enc: 'CAMELLIA256', mac: 'SHA256', strength: 'HIGH', bits: 256, algBits: 256, notDefault: true },
  { id: 0x00C5, name: 'ADH-CAMELLIA256-SHA256', iana: 'TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA256', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kDHE', au: 'aNULL', enc: 'CAMELLIA256', mac: 'SHA256', strength: 'HIGH', bits: 256, algBits: 256, notDefault: true },
  { id: 0x1301, name: 'TLS_AES_128_GCM_SHA256', iana: 'TLS_AES_128_GCM_SHA256', min: 'TLSv1.3', max: 'TLSv1.3', kx: 'kANY', au: 'aANY', enc: 'AES128GCM', mac: 'AEAD', strength: 'HIGH', bits: 128, algBits: 128 },
  { id: 0x1302, name: 'TLS_AES_256_GCM_SHA384', iana: 'TLS_AES_256_GCM_SHA384', min: 'TLSv1.3', max: 'TLSv1.3', kx: 'kANY', au: 'aANY', enc: 'AES256GCM', mac: 'AEAD', strength: 'HIGH', bits: 256, algBits: 256 },
  { id: 0x1303, name: 'TLS_CHACHA20_POLY1305_SHA256', iana: 'TLS_CHACHA20_POLY1305_SHA256', min: 'TLSv1.3', max: 'TLSv1.3', kx: 'kANY', au: 'aANY', enc: 'CHACHA20POLY1305', mac: 'AEAD', strength: 'HIGH', bits: 256, algBits: 256 },
  { id: 0x1304, name: 'TLS_AES_128_CCM_SHA256', iana: 'TLS_AES_128_CCM_SHA256', min: 'TLSv1.3', max: 'TLSv1.3', kx: 'kANY', au: 'aANY', enc: 'AES128CCM', mac: 'AEAD', strength: 'HIGH', bits: 128, algBits: 128, notDefault: true },
  { id: 0x1305, name: 'TLS_AES_128_CCM_8_SHA256', iana: 'TLS_AES_128_CCM_8_SHA256', min: 'TLSv1.3', max: 'TLSv1.3', kx: 'kANY', au: 'aANY', enc: 'AES128CCM8', mac: 'AEAD', strength: 'HIGH', bits: 128, algBits: 128, notDefault: true },
  { id: 0xC006, name: 'ECDHE-ECDSA-NULL-SHA', iana: 'TLS_ECDHE_ECDSA_WITH_NULL_SHA', min: 'TLSv1', max: 'TLSv1.2', kx: 'kECDHE', au: 'aECDSA', enc: 'NULL', mac: 'SHA1', strength: 'NONE', bits: 0, algBits: 0, fips: true },
  { id: 0xC007, name: 'ECDHE-ECDSA-RC4-SHA', iana: 'TLS_ECDHE_ECDSA_WITH_RC4_128_SHA', min: 'TLSv1', max: 'TLSv1.2', kx: 'kECDHE', au: 'aECDSA', enc: 'RC4', mac: 'SHA1', strength: 'MEDIUM', bits: 128, algBits: 128, notDefault: true, unavailable: 'weak-ssl-ciphers' },
  { id: 0xC008, name: 'ECDHE-ECDSA-DES-CBC3-SHA', iana: 'TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA', min: 'TLSv1', max: 'TLSv1.2', kx: 'kECDHE', au: 'aECDSA', enc: '3DES', mac: 'SHA1', strength: 'MEDIUM', bits: 112, algBits: 168, fips: true, notDefault: true, unavailable: 'weak-ssl-ciphers' },
  { id: 0xC009, name: 'ECDHE-ECDSA-AES128-SHA', iana: 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA', min: 'TLSv1', max: 'TLSv1.2', kx: 'kECDHE', au: 'aECDSA', enc: 'AES128', mac: 'SHA1', strength: 'HIGH', bits: 128, algBits: 128, fips: true },
  { id: 0xC00A, name: 'ECDHE-ECDSA-AES256-SHA', iana: 'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA', min: 'TLSv1', max: 'TLSv1.2', kx: 'kECDHE', au: 'aECDSA', enc: 'AES256', mac: 'SHA1', strength: 'HIGH', bits: 256, algBits: 256, fips: true },
  { id: 0xC010, name: 'ECDHE-RSA-NULL-SHA', iana: 'TLS_ECDHE_RSA_WITH_NULL_SHA', min: 'TLSv1', max: 'TLSv1.2', kx: 'kECDHE', au: 'aRSA', enc: 'NULL', mac: 'SHA1', strength: 'NONE', bits: 0, algBits: 0, fips: true },
  { id: 0xC011, name: 'ECDHE-RSA-RC4-SHA', iana: 'TLS_ECDHE_RSA_WITH_RC4_128_SHA', min: 'TLSv1', max: 'TLSv1.2', kx: 'kECDHE', au: 'aRSA', enc: 'RC4', mac: 'SHA1', strength: 'MEDIUM', bits: 128, algBits: 128, notDefault: true, unavailable: 'weak-ssl-ciphers' },
  { id: 0xC012, name: 'ECDHE-RSA-DES-CBC3-SHA', iana: 'TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA', min: 'TLSv1', max: 'TLSv1.2', kx: 'kECDHE', au: 'aRSA', enc: '3DES', mac: 'SHA1', strength: 'MEDIUM', bits: 112, algBits: 168, fips: true, notDefault: true, unavailable: 'weak-ssl-ciphers' },
  { id: 0xC013, name: 'ECDHE-RSA-AES128-SHA', iana: 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA', min: 'TLSv1', max: 'TLSv1.2', kx: 'kECDHE', au: 'aRSA', enc: 'AES128', mac: 'SHA1', strength: 'HIGH', bits: 128, algBits: 128, fips: true },
  { id: 0xC014, name: 'ECDHE-RSA-AES256-SHA', iana: 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA', min: 'TLSv1', max: 'TLSv1.2', kx: 'kECDHE', au: 'aRSA', enc: 'AES256', mac: 'SHA1', strength: 'HIGH', bits: 256, algBits: 256, fips: true },
  { id: 0xC015, name: 'AECDH-NULL-SHA', iana: 'TLS_ECDH_anon_WITH_NULL_SHA', min: 'TLSv1', max: 'TLSv1.2', kx: 'kECDHE', au: 'aNULL', enc: 'NULL', mac: 'SHA1', strength: 'NONE', bits: 0, algBits: 0, fips: true },
  { id: 0xC016, name: 'AECDH-RC4-SHA', iana: 'TLS_ECDH_anon_WITH_RC4_128_SHA', min: 'TLSv1', max: 'TLSv1.2', kx: 'kECDHE', au: 'aNULL', enc: 'RC4', mac: 'SHA1', strength: 'MEDIUM', bits: 128, algBits: 128, notDefault: true, unavailable: 'weak-ssl-ciphers' },
  { id: 0xC017, name: 'AECDH-DES-CBC3-SHA', iana: 'TLS_ECDH_anon_WITH_3DES_EDE_CBC_SHA', min: 'TLSv1', max: 'TLSv1.2', kx: 'kECDHE', au: 'aNULL', enc: '3DES', mac: 'SHA1', strength: 'MEDIUM', bits: 112, algBits: 168, fips: true, notDefault: true, unavailable: 'weak-ssl-ciphers' },
  { id: 0xC018, name: 'AECDH-AES128-SHA', iana: 'TLS_ECDH_anon_WITH_AES_128_CBC_SHA', min: 'TLSv1', max: 'TLSv1.2', kx: 'kECDHE', au: 'aNULL', enc: 'AES128', mac: 'SHA1', strength: 'HIGH', bits: 128, algBits: 128, fips: true, notDefault: true },
  { id: 0xC019, name: 'AECDH-AES256-SHA', iana: 'TLS_ECDH_anon_WITH_AES_256_CBC_SHA', min: 'TLSv1', max: 'TLSv1.2', kx: 'kECDHE', au: 'aNULL', enc: 'AES256', mac: 'SHA1', strength: 'HIGH', bits: 256, algBits: 256, fips: true, notDefault: true },
  { id: 0xC01A, name: 'SRP-3DES-EDE-CBC-SHA', iana: 'TLS_SRP_SHA_WITH_3DES_EDE_CBC_SHA', min: 'SSLv3', max: 'TLSv1.2', kx: 'kSRP', au: 'aSRP', enc: '3DES', mac: 'SHA1', strength: 'MEDIUM', bits: 112, algBits: 168, notDefault: true, unavailable: 'weak-ssl-ciphers' },
  { id: 0xC01B, name: 'SRP-RSA-3DES-EDE-CBC-SHA', iana: 'TLS_SRP_SHA_RSA_WITH_3DES_EDE_CBC_SHA', min: 'SSLv3', max: 'TLSv1.2', kx: 'kSRP', au: 'aRSA', enc: '3DES', mac: 'SHA1', strength: 'MEDIUM', bits: 112, algBits: 168, notDefault: true, unavailable: 'weak-ssl-ciphers' },
  { id: 0xC01C, name: 'SRP-DSS-3DES-EDE-CBC-SHA', iana: 'TLS_SRP_SHA_DSS_WITH_3DES_EDE_CBC_SHA', min: 'SSLv3', max: 'TLSv1.2', kx: 'kSRP', au: 'aDSS', enc: '3DES', mac: 'SHA1', strength: 'MEDIUM', bits: 112, algBits: 168, notDefault: true, unavailable: 'weak-ssl-ciphers' },
  { id: 0xC01D, name: 'SRP-AES-128-CBC-SHA', iana: 'TLS_SRP_SHA_WITH_AES_128_CBC_SHA', min: 'SSLv3', max: 'TLSv1.2', kx: 'kSRP', au: 'aSRP', enc: 'AES128', mac: 'SHA1', strength: 'HIGH', bits: 128, algBits: 128 },
  { id: 0xC01E, name: 'SRP-RSA-AES-128-CBC-SHA', iana: 'TLS_SRP_SHA_RSA_WITH_AES_128_CBC_SHA', min: 'SSLv3', max: 'TLSv1.2', kx: 'kSRP', au: 'aRSA', enc: 'AES128', mac: 'SHA1', strength: 'HIGH', bits: 128, algBits: 128 },
  { id: 0xC01F, name: 'SRP-DSS-AES-128-CBC-SHA', iana: 'TLS_SRP_SHA_DSS_WITH_AES_128_CBC_SHA', min: 'SSLv3', max: 'TLSv1.2', kx: 'kSRP', au: 'aDSS', enc: 'AES128', mac: 'SHA1', strength: 'HIGH', bits: 128, algBits: 128, notDefault: true },
  { id: 0xC020, name: 'SRP-AES-256-CBC-SHA', iana: 'TLS_SRP_SHA_WITH_AES_256_CBC_SHA', min: 'SSLv3', max: 'TLSv1.2', kx: 'kSRP', au: 'aSRP', enc: 'AES256', mac: 'SHA1', strength: 'HIGH', bits: 256, algBits: 256 },
  { id: 0xC021, name: 'SRP-RSA-AES-256-CBC-SHA', iana: 'TLS_SRP_SHA_RSA_WITH_AES_256_CBC_SHA', min: 'SSLv3', max: 'TLSv1.2', kx: 'kSRP', au: 'aRSA', enc: 'AES256', mac: 'SHA1', strength: 'HIGH', bits: 256, algBits: 256 },
  { id: 0xC022, name: 'SRP-DSS-AES-256-CBC-SHA', iana: 'TLS_SRP_SHA_DSS_WITH_AES_256_CBC_SHA', min: 'SSLv3', max: 'TLSv1.2', kx: 'kSRP', au: 'aDSS', enc: 'AES256', mac: 'SHA1', strength: 'HIGH', bits: 256, algBits: 256, notDefault: true },
  { id: 0xC023, name: 'ECDHE-ECDSA-AES128-SHA256', iana: 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kECDHE', au: 'aECDSA', enc: 'AES128', mac: 'SHA256', strength: 'HIGH', bits: 128, algBits: 128, fips: true },
  { id: 0xC024, name: 'ECDHE-ECDSA-AES256-SHA384', iana: 'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kECDHE', au: 'aECDSA', enc: 'AES256', mac: 'SHA384', strength: 'HIGH', bits: 256, algBits: 256, fips: true },
  { id: 0xC027, name: 'ECDHE-RSA-AES128-SHA256', iana: 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kECDHE', au: 'aRSA', enc: 'AES128', mac: 'SHA256', strength: 'HIGH', bits: 128, algBits: 128, fips: true },
  { id: 0xC028, name: 'ECDHE-RSA-AES256-SHA384', iana: 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kECDHE', au: 'aRSA', enc: 'AES256', mac: 'SHA384', strength: 'HIGH', bits: 256, algBits: 256, fips: true },
  { id: 0xC02B, name: 'ECDHE-ECDSA-AES128-GCM-SHA256', iana: 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kECDHE', au: 'aECDSA', enc: 'AES128GCM', mac: 'AEAD', strength: 'HIGH', bits: 128, algBits: 128, fips: true },
  { id: 0xC02C, name: 'ECDHE-ECDSA-AES256-GCM-SHA384', iana: 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kECDHE', au: 'aECDSA', enc: 'AES256GCM', mac: 'AEAD', strength: 'HIGH', bits: 256, algBits: 256, fips: true },
  { id: 0xC02F, name: 'ECDHE-RSA-AES128-GCM-SHA256', iana: 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kECDHE', au: 'aRSA', enc: 'AES128GCM', mac: 'AEAD', strength: 'HIGH', bits: 128, algBits: 128, fips: true },
  { id: 0xC030, name: 'ECDHE-RSA-AES256-GCM-SHA384', iana: 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kECDHE', au: 'aRSA', enc: 'AES256GCM', mac: 'AEAD', strength: 'HIGH', bits: 256, algBits: 256, fips: true },
  { id: 0xC033, name: 'ECDHE-PSK-RC4-SHA', iana: 'TLS_ECDHE_PSK_WITH_RC4_128_SHA', min: 'TLSv1', max: 'TLSv1.2', kx: 'kECDHEPSK', au: 'aPSK', enc: 'RC4', mac: 'SHA1', strength: 'MEDIUM', bits: 128, algBits: 128, notDefault: true, unavailable: 'weak-ssl-ciphers' },
  { id: 0xC034, name: 'ECDHE-PSK-3DES-EDE-CBC-SHA', iana: 'TLS_ECDHE_PSK_WITH_3DES_EDE_CBC_SHA', min: 'TLSv1', max: 'TLSv1.2', kx: 'kECDHEPSK', au: 'aPSK', enc: '3DES', mac: 'SHA1', strength: 'MEDIUM', bits: 112, algBits: 168, fips: true, notDefault: true, unavailable: 'weak-ssl-ciphers' },
  { id: 0xC035, name: 'ECDHE-PSK-AES128-CBC-SHA', iana: 'TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA', min: 'TLSv1', max: 'TLSv1.2', kx: 'kECDHEPSK', au: 'aPSK', enc: 'AES128', mac: 'SHA1', strength: 'HIGH', bits: 128, algBits: 128, fips: true },
  { id: 0xC036, name: 'ECDHE-PSK-AES256-CBC-SHA', iana: 'TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA', min: 'TLSv1', max: 'TLSv1.2', kx: 'kECDHEPSK', au: 'aPSK', enc: 'AES256', mac: 'SHA1', strength: 'HIGH', bits: 256, algBits: 256, fips: true },
  { id: 0xC037, name: 'ECDHE-PSK-AES128-CBC-SHA256', iana: 'TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256', min: 'TLSv1', max: 'TLSv1.2', kx: 'kECDHEPSK', au: 'aPSK', enc: 'AES128', mac: 'SHA256', strength: 'HIGH', bits: 128, algBits: 128, fips: true },
  { id: 0xC038, name: 'ECDHE-PSK-AES256-CBC-SHA384', iana: 'TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA384', min: 'TLSv1', max: 'TLSv1.2', kx: 'kECDHEPSK', au: 'aPSK', enc: 'AES256', mac: 'SHA384', strength: 'HIGH', bits: 256, algBits: 256, fips: true },
  { id: 0xC039, name: 'ECDHE-PSK-NULL-SHA', iana: 'TLS_ECDHE_PSK_WITH_NULL_SHA', min: 'TLSv1', max: 'TLSv1.2', kx: 'kECDHEPSK', au: 'aPSK', enc: 'NULL', mac: 'SHA1', strength: 'NONE', bits: 0, algBits: 0, fips: true },
  { id: 0xC03A, name: 'ECDHE-PSK-NULL-SHA256', iana: 'TLS_ECDHE_PSK_WITH_NULL_SHA256', min: 'TLSv1', max: 'TLSv1.2', kx: 'kECDHEPSK', au: 'aPSK', enc: 'NULL', mac: 'SHA256', strength: 'NONE', bits: 0, algBits: 0, fips: true },
  { id: 0xC03B, name: 'ECDHE-PSK-NULL-SHA384', iana: 'TLS_ECDHE_PSK_WITH_NULL_SHA384', min: 'TLSv1', max: 'TLSv1.2', kx: 'kECDHEPSK', au: 'aPSK', enc: 'NULL', mac: 'SHA384', strength: 'NONE', bits: 0, algBits: 0, fips: true },
  { id: 0xC050, name: 'ARIA128-GCM-SHA256', iana: 'TLS_RSA_WITH_ARIA_128_GCM_SHA256', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kRSA', au: 'aRSA', enc: 'ARIA128GCM', mac: 'AEAD', strength: 'HIGH', bits: 128, algBits: 128, notDefault: true },
  { id: 0xC051, name: 'ARIA256-GCM-SHA384', iana: 'TLS_RSA_WITH_ARIA_256_GCM_SHA384', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kRSA', au: 'aRSA', enc: 'ARIA256GCM', mac: 'AEAD', strength: 'HIGH', bits: 256, algBits: 256, notDefault: true },
  { id: 0xC052, name: 'DHE-RSA-ARIA128-GCM-SHA256', iana: 'TLS_DHE_RSA_WITH_ARIA_128_GCM_SHA256', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kDHE', au: 'aRSA', enc: 'ARIA128GCM', mac: 'AEAD', strength: 'HIGH', bits: 128, algBits: 128, notDefault: true },
  { id: 0xC053, name: 'DHE-RSA-ARIA256-GCM-SHA384', iana: 'TLS_DHE_RSA_WITH_ARIA_256_GCM_SHA384', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kDHE', au: 'aRSA', enc: 'ARIA256GCM', mac: 'AEAD', strength: 'HIGH', bits: 256, algBits: 256, notDefault: true },
  { id: 0xC056, name: 'DHE-DSS-ARIA128-GCM-SHA256', iana: 'TLS_DHE_DSS_WITH_ARIA_128_GCM_SHA256', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kDHE', au: 'aDSS', enc: 'ARIA128GCM', mac: 'AEAD', strength: 'HIGH', bits: 128, algBits: 128, notDefault: true },
  { id: 0xC057, name: 'DHE-DSS-ARIA256-GCM-SHA384', iana: 'TLS_DHE_DSS_WITH_ARIA_256_GCM_SHA384', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kDHE', au: 'aDSS', enc: 'ARIA256GCM', mac: 'AEAD', strength: 'HIGH', bits: 256, algBits: 256, notDefault: true },
  { id: 0xC05C, name: 'ECDHE-ECDSA-ARIA128-GCM-SHA256', iana: 'TLS_ECDHE_ECDSA_WITH_ARIA_128_GCM_SHA256', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kECDHE', au: 'aECDSA', enc: 'ARIA128GCM', mac: 'AEAD', strength: 'HIGH', bits: 128, algBits: 128, notDefault: true },
  { id: 0xC05D, name: 'ECDHE-ECDSA-ARIA256-GCM-SHA384', iana: 'TLS_ECDHE_ECDSA_WITH_ARIA_256_GCM_SHA384', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kECDHE', au: 'aECDSA', enc: 'ARIA256GCM', mac: 'AEAD', strength: 'HIGH', bits: 256, algBits: 256, notDefault: true },
  { id: 0xC060, name: 'ECDHE-ARIA128-GCM-SHA256', iana: 'TLS_ECDHE_RSA_WITH_ARIA_128_GCM_SHA256', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kECDHE', au: 'aRSA', enc: 'ARIA128GCM', mac: 'AEAD', strength: 'HIGH', bits: 128, algBits: 128, notDefault: true },
  { id: 0xC061, name: 'ECDHE-ARIA256-GCM-SHA384', iana: 'TLS_ECDHE_RSA_WITH_ARIA_256_GCM_SHA384', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kECDHE', au: 'aRSA', enc: 'ARIA256GCM', mac: 'AEAD', strength: 'HIGH', bits: 256, algBits: 256, notDefault: true },
  { id: 0xC06A, name: 'PSK-ARIA128-GCM-SHA256', iana: 'TLS_PSK_WITH_ARIA_128_GCM_SHA256', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kPSK', au: 'aPSK', enc: 'ARIA128GCM', mac: 'AEAD', strength: 'HIGH', bits: 128, algBits: 128, notDefault: true },
  { id: 0xC06B, name: 'PSK-ARIA256-GCM-SHA384', iana: 'TLS_PSK_WITH_ARIA_256_GCM_SHA384', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kPSK', au: 'aPSK', enc: 'ARIA256GCM', mac: 'AEAD', strength: 'HIGH', bits: 256, algBits: 256, notDefault: true },
  { id: 0xC06C, name: 'DHE-PSK-ARIA128-GCM-SHA256', iana: 'TLS_DHE_PSK_WITH_ARIA_128_GCM_SHA256', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kDHEPSK', au: 'aPSK', enc: 'ARIA128GCM', mac: 'AEAD', strength: 'HIGH', bits: 128, algBits: 128, notDefault: true },
  { id: 0xC06D, name: 'DHE-PSK-ARIA256-GCM-SHA384', iana: 'TLS_DHE_PSK_WITH_ARIA_256_GCM_SHA384', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kDHEPSK', au: 'aPSK', enc: 'ARIA256GCM', mac: 'AEAD', strength: 'HIGH', bits: 256, algBits: 256, notDefault: true },
  { id: 0xC06E, name: 'RSA-PSK-ARIA128-GCM-SHA256', iana: 'TLS_RSA_PSK_WITH_ARIA_128_GCM_SHA256', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kRSAPSK', au: 'aRSA', enc: 'ARIA128GCM', mac: 'AEAD', strength: 'HIGH', bits: 128, algBits: 128, notDefault: true },
  { id: 0xC06F, name: 'RSA-PSK-ARIA256-GCM-SHA384', iana: 'TLS_RSA_PSK_WITH_ARIA_256_GCM_SHA384', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kRSAPSK', au: 'aRSA', enc: 'ARIA256GCM', mac: 'AEAD', strength: 'HIGH', bits: 256, algBits: 256, notDefault: true },
  { id: 0xC072, name: 'ECDHE-ECDSA-CAMELLIA128-SHA256', iana: 'TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_CBC_SHA256', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kECDHE', au: 'aECDSA', enc: 'CAMELLIA128', mac: 'SHA256', strength: 'HIGH', bits: 128, algBits: 128, notDefault: true },
  { id: 0xC073, name: 'ECDHE-ECDSA-CAMELLIA256-SHA384', iana: 'TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_CBC_SHA384', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kECDHE', au: 'aECDSA', enc: 'CAMELLIA256', mac: 'SHA384', strength: 'HIGH', bits: 256, algBits: 256, notDefault: true },
  { id: 0xC076, name: 'ECDHE-RSA-CAMELLIA128-SHA256', iana: 'TLS_ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kECDHE', au: 'aRSA', enc: 'CAMELLIA128', mac: 'SHA256', strength: 'HIGH', bits: 128, algBits: 128, notDefault: true },
  { id: 0xC077, name: 'ECDHE-RSA-CAMELLIA256-SHA384', iana: 'TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kECDHE', au: 'aRSA', enc: 'CAMELLIA256', mac: 'SHA384', strength: 'HIGH', bits: 256, algBits: 256, notDefault: true },
  { id: 0xC094, name: 'PSK-CAMELLIA128-SHA256', iana: 'TLS_PSK_WITH_CAMELLIA_128_CBC_SHA256', min: 'TLSv1', max: 'TLSv1.2', kx: 'kPSK', au: 'aPSK', enc: 'CAMELLIA128', mac: 'SHA256', strength: 'HIGH', bits: 128, algBits: 128, notDefault: true },
  { id: 0xC095, name: 'PSK-CAMELLIA256-SHA384', iana: 'TLS_PSK_WITH_CAMELLIA_256_CBC_SHA384', min: 'TLSv1', max: 'TLSv1.2', kx: 'kPSK', au: 'aPSK', enc: 'CAMELLIA256', mac: 'SHA384', strength: 'HIGH', bits: 256, algBits: 256, notDefault: true },
  { id: 0xC096, name: 'DHE-PSK-CAMELLIA128-SHA256', iana: 'TLS_DHE_PSK_WITH_CAMELLIA_128_CBC_SHA256', min: 'TLSv1', max: 'TLSv1.2', kx: 'kDHEPSK', au: 'aPSK', enc: 'CAMELLIA128', mac: 'SHA256', strength: 'HIGH', bits: 128, algBits: 128, notDefault: true },
  { id: 0xC097, name: 'DHE-PSK-CAMELLIA256-SHA384', iana: 'TLS_DHE_PSK_WITH_CAMELLIA_256_CBC_SHA384', min: 'TLSv1', max: 'TLSv1.2', kx: 'kDHEPSK', au: 'aPSK', enc: 'CAMELLIA256', mac: 'SHA384', strength: 'HIGH', bits: 256, algBits: 256, notDefault: true },
  { id: 0xC098, name: 'RSA-PSK-CAMELLIA128-SHA256', iana: 'TLS_RSA_PSK_WITH_CAMELLIA_128_CBC_SHA256', min: 'TLSv1', max: 'TLSv1.2', kx: 'kRSAPSK', au: 'aRSA', enc: 'CAMELLIA128', mac: 'SHA256', strength: 'HIGH', bits: 128, algBits: 128, notDefault: true },
  { id: 0xC099, name: 'RSA-PSK-CAMELLIA256-SHA384', iana: 'TLS_RSA_PSK_WITH_CAMELLIA_256_CBC_SHA384', min: 'TLSv1', max: 'TLSv1.2', kx: 'kRSAPSK', au: 'aRSA', enc: 'CAMELLIA256', mac: 'SHA384', strength: 'HIGH', bits: 256, algBits: 256, notDefault: true },
  { id: 0xC09A, name: 'ECDHE-PSK-CAMELLIA128-SHA256', iana: 'TLS_ECDHE_PSK_WITH_CAMELLIA_128_CBC_SHA256', min: 'TLSv1', max: 'TLSv1.2', kx: 'kECDHEPSK', au: 'aPSK', enc: 'CAMELLIA128', mac: 'SHA256', strength: 'HIGH', bits: 128, algBits: 128, notDefault: true },
  { id: 0xC09B, name: 'ECDHE-PSK-CAMELLIA256-SHA384', iana: 'TLS_ECDHE_PSK_WITH_CAMELLIA_256_CBC_SHA384', min: 'TLSv1', max: 'TLSv1.2', kx: 'kECDHEPSK', au: 'aPSK', enc: 'CAMELLIA256', mac: 'SHA384', strength: 'HIGH', bits: 256, algBits: 256, notDefault: true },
  { id: 0xC09C, name: 'AES128-CCM', iana: 'TLS_RSA_WITH_AES_128_CCM', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kRSA', au: 'aRSA', enc: 'AES128CCM', mac: 'AEAD', strength: 'HIGH', bits: 128, algBits: 128, notDefault: true },
  { id: 0xC09D, name: 'AES256-CCM', iana: 'TLS_RSA_WITH_AES_256_CCM', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kRSA', au: 'aRSA', enc: 'AES256CCM', mac: 'AEAD', strength: 'HIGH', bits: 256, algBits: 256, notDefault: true },
  { id: 0xC09E, name: 'DHE-RSA-AES128-CCM', iana: 'TLS_DHE_RSA_WITH_AES_128_CCM', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kDHE', au: 'aRSA', enc: 'AES128CCM', mac: 'AEAD', strength: 'HIGH', bits: 128, algBits: 128, notDefault: true },
  { id: 0xC09F, name: 'DHE-RSA-AES256-CCM', iana: 'TLS_DHE_RSA_WITH_AES_256_CCM', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kDHE', au: 'aRSA', enc: 'AES256CCM', mac: 'AEAD', strength: 'HIGH', bits: 256, algBits: 256, notDefault: true },
  { id: 0xC0A0, name: 'AES128-CCM8', iana: 'TLS_RSA_WITH_AES_128_CCM_8', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kRSA', au: 'aRSA', enc: 'AES128CCM8', mac: 'AEAD', strength: 'HIGH', bits: 128, algBits: 128, notDefault: true },
  { id: 0xC0A1, name: 'AES256-CCM8', iana: 'TLS_RSA_WITH_AES_256_CCM_8', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kRSA', au: 'aRSA', enc: 'AES256CCM8', mac: 'AEAD', strength: 'HIGH', bits: 256, algBits: 256, notDefault: true },
  { id: 0xC0A2, name: 'DHE-RSA-AES128-CCM8', iana: 'TLS_DHE_RSA_WITH_AES_128_CCM_8', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kDHE', au: 'aRSA', enc: 'AES128CCM8', mac: 'AEAD', strength: 'HIGH', bits: 128, algBits: 128, notDefault: true },
  { id: 0xC0A3, name: 'DHE-RSA-AES256-CCM8', iana: 'TLS_DHE_RSA_WITH_AES_256_CCM_8', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kDHE', au: 'aRSA', enc: 'AES256CCM8', mac: 'AEAD', strength: 'HIGH', bits: 256, algBits: 256, notDefault: true },
  { id: 0xC0A4, name: 'PSK-AES128-CCM', iana: 'TLS_PSK_WITH_AES_128_CCM', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kPSK', au: 'aPSK', enc: 'AES128CCM', mac: 'AEAD', strength: 'HIGH', bits: 128, algBits: 128, notDefault: true },
  { id: 0xC0A5, name: 'PSK-AES256-CCM', iana: 'TLS_PSK_WITH_AES_256_CCM', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kPSK', au: 'aPSK', enc: 'AES256CCM', mac: 'AEAD', strength: 'HIGH', bits: 256, algBits: 256, notDefault: true },
  { id: 0xC0A6, name: 'DHE-PSK-AES128-CCM', iana: 'TLS_DHE_PSK_WITH_AES_128_CCM', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kDHEPSK', au: 'aPSK', enc: 'AES128CCM', mac: 'AEAD', strength: 'HIGH', bits: 128, algBits: 128, notDefault: true },
  { id: 0xC0A7, name: 'DHE-PSK-AES256-CCM', iana: 'TLS_DHE_PSK_WITH_AES_256_CCM', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kDHEPSK', au: 'aPSK', enc: 'AES256CCM', mac: 'AEAD', strength: 'HIGH', bits: 256, algBits: 256, notDefault: true },
  { id: 0xC0A8, name: 'PSK-AES128-CCM8', iana: 'TLS_PSK_WITH_AES_128_CCM_8', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kPSK', au: 'aPSK', enc: 'AES128CCM8', mac: 'AEAD', strength: 'HIGH', bits: 128, algBits: 128, notDefault: true },
  { id: 0xC0A9, name: 'PSK-AES256-CCM8', iana: 'TLS_PSK_WITH_AES_256_CCM_8', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kPSK', au: 'aPSK', enc: 'AES256CCM8', mac: 'AEAD', strength: 'HIGH', bits: 256, algBits: 256, notDefault: true },
  { id: 0xC0AA, name: 'DHE-PSK-AES128-CCM8', iana: 'TLS_PSK_DHE_WITH_AES_128_CCM_8', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kDHEPSK', au: 'aPSK', enc: 'AES128CCM8', mac: 'AEAD', strength: 'HIGH', bits: 128, algBits: 128, notDefault: true },
  { id: 0xC0AB, name: 'DHE-PSK-AES256-CCM8', iana: 'TLS_PSK_DHE_WITH_AES_256_CCM_8', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kDHEPSK', au: 'aPSK', enc: 'AES256CCM8', mac: 'AEAD', strength: 'HIGH', bits: 256, algBits: 256, notDefault: true },
  { id: 0xC0AC, name: 'ECDHE-ECDSA-AES128-CCM', iana: 'TLS_ECDHE_ECDSA_WITH_AES_128_CCM', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kECDHE', au: 'aECDSA', enc: 'AES128CCM', mac: 'AEAD', strength: 'HIGH', bits: 128, algBits: 128, notDefault: true },
  { id: 0xC0AD, name: 'ECDHE-ECDSA-AES256-CCM', iana: 'TLS_ECDHE_ECDSA_WITH_AES_256_CCM', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kECDHE', au: 'aECDSA', enc: 'AES256CCM', mac: 'AEAD', strength: 'HIGH', bits: 256, algBits: 256, notDefault: true },
  { id: 0xC0AE, name: 'ECDHE-ECDSA-AES128-CCM8', iana: 'TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kECDHE', au: 'aECDSA', enc: 'AES128CCM8', mac: 'AEAD', strength: 'HIGH', bits: 128, algBits: 128, notDefault: true },
  { id: 0xC0AF, name: 'ECDHE-ECDSA-AES256-CCM8', iana: 'TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kECDHE', au: 'aECDSA', enc: 'AES256CCM8', mac: 'AEAD', strength: 'HIGH', bits: 256, algBits: 256, notDefault: true },
  { id: 0xC100, name: 'GOST2012-KUZNYECHIK-KUZNYECHIKOMAC', iana: 'TLS_GOSTR341112_256_WITH_KUZNYECHIK_CTR_OMAC', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kGOST18', au: 'aGOST12', enc: 'KUZNYECHIK', mac: 'KUZNYECHIKOMAC', strength: 'HIGH', bits: 256, algBits: 256, unavailable: 'gost' },
  { id: 0xC101, name: 'GOST2012-MAGMA-MAGMAOMAC', iana: 'TLS_GOSTR341112_256_WITH_MAGMA_CTR_OMAC', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kGOST18', au: 'aGOST12', enc: 'MAGMA', mac: 'MAGMAOMAC', strength: 'HIGH', bits: 256, algBits: 256, unavailable: 'gost' },
  { id: 0xC102, name: 'IANA-GOST2012-GOST8912-GOST8912', iana: 'TLS_GOSTR341112_256_WITH_28147_CNT_IMIT', min: 'TLSv1', max: 'TLSv1.2', kx: 'kGOST', au: 'aGOST12', enc: 'GOST89CNT12', mac: 'GOST89MAC12', strength: 'HIGH', bits: 256, algBits: 256, unavailable: 'gost' },
  { id: 0xCCA8, name: 'ECDHE-RSA-CHACHA20-POLY1305', iana: 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kECDHE', au: 'aRSA', enc: 'CHACHA20POLY1305', mac: 'AEAD', strength: 'HIGH', bits: 256, algBits: 256 },
  { id: 0xCCA9, name: 'ECDHE-ECDSA-CHACHA20-POLY1305', iana: 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kECDHE', au: 'aECDSA', enc: 'CHACHA20POLY1305', mac: 'AEAD', strength: 'HIGH', bits: 256, algBits: 256 },
  { id: 0xCCAA, name: 'DHE-RSA-CHACHA20-POLY1305', iana: 'TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kDHE', au: 'aRSA', enc: 'CHACHA20POLY1305', mac: 'AEAD', strength: 'HIGH', bits: 256, algBits: 256 },
  { id: 0xCCAB, name: 'PSK-CHACHA20-POLY1305', iana: 'TLS_PSK_WITH_CHACHA20_POLY1305_SHA256', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kPSK', au: 'aPSK', enc: 'CHACHA20POLY1305', mac: 'AEAD', strength: 'HIGH', bits: 256, algBits: 256 },
  { id: 0xCCAC, name: 'ECDHE-PSK-CHACHA20-POLY1305', iana: 'TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kECDHEPSK', au: 'aPSK', enc: 'CHACHA20POLY1305', mac: 'AEAD', strength: 'HIGH', bits: 256, algBits: 256 },
  { id: 0xCCAD, name: 'DHE-PSK-CHACHA20-POLY1305', iana: 'TLS_DHE_PSK_WITH_CHACHA20_POLY1305_SHA256', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kDHEPSK', au: 'aPSK', enc: 'CHACHA20POLY1305', mac: 'AEAD', strength: 'HIGH', bits: 256, algBits: 256 },
  { id: 0xCCAE, name: 'RSA-PSK-CHACHA20-POLY1305', iana: 'TLS_RSA_PSK_WITH_CHACHA20_POLY1305_SHA256', min: 'TLSv1.2', max: 'TLSv1.2', kx: 'kRSAPSK', au: 'aRSA', enc: 'CHACHA20POLY1305', mac: 'AEAD', strength: 'HIGH', bits: 256, algBits: 256 },
  { id: 0xFF85, name: 'LEGACY-GOST2012-GOST8912-GOST8912', iana: undefined, min: 'TLSv1', max: 'TLSv1.2', kx: 'kGOST', au: 'aGOST12', enc: 'GOST89CNT12', mac: 'GOST89MAC12', strength: 'HIGH', bits: 256, algBits: 256, unavailable: 'gost' },
  { id: 0xFF87, name: 'GOST2012-NULL-GOST12', iana: undefined, min: 'TLSv1', max: 'TLSv1.2', kx: 'kGOST', au: 'aGOST12', enc: 'NULL', mac: 'GOST12_256', strength: 'NONE', bits: 0, algBits: 0, unavailable: 'gost' },
];

const CBC_CIPHERS: ReadonlySet<Encryption> = new Set<Encryption>([
  'DES', '3DES', 'RC2', 'IDEA', 'AES128', 'AES256', 'CAMELLIA128', 'CAMELLIA256', 'SEED',
]);
const BLOCK64_CIPHERS: ReadonlySet<Encryption> = new Set<Encryption>([
  'DES', '3DES', 'RC2', 'IDEA', 'GOST89', 'GOST89CNT12', 'MAGMA',
]);
const EPHEMERAL_KX: ReadonlySet<KeyExchange> = new Set<KeyExchange>(['kDHE', 'kECDHE', 'kDHEPSK', 'kECDHEPSK', 'kANY']);
const PSK_KX: ReadonlySet<KeyExchange> = new Set<KeyExchange>(['kPSK', 'kRSAPSK', 'kDHEPSK', 'kECDHEPSK']);

function hexByte(b: number): string {
  return '0x' + b.toString(16).toUpperCase().padStart(2, '0');
}

function toSuite(r: SuiteRow): CipherSuite {
  const hi = (r.id >> 8) & 0xff;
  const lo = r.id & 0xff;
  return Object.freeze({
    id: r.id,
    bytes: Object.freeze([hi, lo]) as readonly [number, number],
    hexId: `${hexByte(hi)},${hexByte(lo)}`,
    name: r.name,
    ianaName: r.iana,
    minProtocol: r.min,
    maxProtocol: r.max,
    tls13: r.min === 'TLSv1.3',
    kx: r.kx,
    au: r.au,
    enc: r.enc,
    mac: r.mac,
    strength: r.strength,
    strengthBits: r.bits,
    algBits: r.algBits,
    fips: r.fips === true,
    inDefault: r.notDefault !== true,
    available: r.unavailable === undefined,
    unavailableReason: r.unavailable,
    aead: r.mac === 'AEAD',
    cbc: CBC_CIPHERS.has(r.enc),
    forwardSecrecy: EPHEMERAL_KX.has(r.kx),
    export: false,
    block64: BLOCK64_CIPHERS.has(r.enc),
    anonymous: r.au === 'aNULL',
    nullEncryption: r.enc === 'NULL',
    psk: PSK_KX.has(r.kx),
    srp: r.kx === 'kSRP',
  });
}

/** Every suite OpenSSL 3.0 knows, TLS 1.3 included, ordered by code point. */
export const CIPHER_SUITES: readonly CipherSuite[] = Object.freeze(ROWS.map(toSuite));

/** The TLS <= 1.2 suites (what `ssl_ciphers` / `SSLCipherSuite` / `cipher=` strings select from). */
export const TLS12_SUITES: readonly CipherSuite[] = Object.freeze(CIPHER_SUITES.filter((s) => !s.tls13));

/** The TLS 1.3 suites (configured by `Ciphersuites`, `SSLCipherSuite TLSv1.3 …`). */
export const TLS13_SUITES: readonly CipherSuite[] = Object.freeze(CIPHER_SUITES.filter((s) => s.tls13));

/** OpenSSL 3.0's default TLS 1.3 suites, in order. */
export const DEFAULT_TLS13_CIPHERSUITES = 'TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256';

/** OpenSSL 3.0's DEFAULT cipher string (what `DEFAULT` at the start of a string expands to). */
export const DEFAULT_CIPHER_STRING = 'ALL:!COMPLEMENTOFDEFAULT:!eNULL';

const byName = new Map<string, CipherSuite>();
const byIana = new Map<string, CipherSuite>();
const byId = new Map<number, CipherSuite>();
for (const s of CIPHER_SUITES) {
  byName.set(s.name, s);
  if (s.ianaName !== undefined) byIana.set(s.ianaName, s);
  byId.set(s.id, s);
}

/** A suite by its OpenSSL name (case-sensitive, as OpenSSL matches). */
export function suiteByName(name: string): CipherSuite | undefined {
  return byName.get(name);
}

/** A suite by its IANA name (`TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256`). */
export function suiteByIanaName(name: string): CipherSuite | undefined {
  return byIana.get(name);
}

/** A suite by its code point (0xC02F). */
export function suiteById(id: number): CipherSuite | undefined {
  return byId.get(id);
}

const KX_TEXT: Record<KeyExchange, string> = {
  kRSA: 'RSA', kDHE: 'DH', kECDHE: 'ECDH', kPSK: 'PSK', kRSAPSK: 'RSAPSK', kECDHEPSK: 'ECDHEPSK',
  kDHEPSK: 'DHEPSK', kSRP: 'SRP', kGOST: 'GOST', kGOST18: 'GOST18', kANY: 'any',
};
const AU_TEXT: Record<Authentication, string> = {
  aRSA: 'RSA', aDSS: 'DSS', aNULL: 'None', aECDSA: 'ECDSA', aPSK: 'PSK', aSRP: 'SRP',
  aGOST01: 'GOST01', aGOST12: 'GOST12', aANY: 'any',
};
const ENC_TEXT: Record<Encryption, string> = {
  NULL: 'None', DES: 'DES(56)', '3DES': '3DES(168)', RC4: 'RC4(128)', RC2: 'RC2(128)', IDEA: 'IDEA(128)',
  SEED: 'SEED(128)', AES128: 'AES(128)', AES256: 'AES(256)', AES128GCM: 'AESGCM(128)', AES256GCM: 'AESGCM(256)',
  AES128CCM: 'AESCCM(128)', AES256CCM: 'AESCCM(256)', AES128CCM8: 'AESCCM8(128)', AES256CCM8: 'AESCCM8(256)',
  CAMELLIA128: 'Camellia(128)', CAMELLIA256: 'Camellia(256)', ARIA128GCM: 'ARIAGCM(128)',
  ARIA256GCM: 'ARIAGCM(256)', CHACHA20POLY1305: 'CHACHA20/POLY1305(256)', GOST89: 'GOST89(256)',
  GOST89CNT12: 'GOST89(256)', MAGMA: 'MAGMA', KUZNYECHIK: 'KUZNYECHIK',
};
const MAC_TEXT: Record<Mac, string> = {
  MD5: 'MD5', SHA1: 'SHA1', SHA256: 'SHA256', SHA384: 'SHA384', AEAD: 'AEAD', GOST94: 'GOST94',
  GOST89MAC: 'GOST89', GOST12_256: 'GOST2012', GOST89MAC12: 'GOST89', MAGMAOMAC: 'MAGMAOMAC',
  KUZNYECHIKOMAC: 'KUZNYECHIKOMAC',
};

/** The columns of `openssl ciphers -v` for one suite. */
export function describeSuite(s: CipherSuite): { protocol: string; kx: string; au: string; enc: string; mac: string } {
  return { protocol: s.minProtocol, kx: KX_TEXT[s.kx], au: AU_TEXT[s.au], enc: ENC_TEXT[s.enc], mac: MAC_TEXT[s.mac] };
}

/** One line as `openssl ciphers -v` prints it (without the trailing newline). */
export function formatSuiteLine(s: CipherSuite, verboseId = false): string {
  const d = describeSuite(s);
  const body =
    `${s.name.padEnd(30)} ${d.protocol.padEnd(7)} Kx=${d.kx.padEnd(8)} Au=${d.au.padEnd(5)} ` +
    `Enc=${d.enc.padEnd(22)} Mac=${d.mac.padEnd(4)}`;
  return verboseId ? `${s.hexId.padStart(19)} - ${body}` : body;
}
