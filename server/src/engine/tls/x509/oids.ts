// Object identifiers the inspection modules name. Names follow OpenSSL's spelling (`openssl x509 -text`),
// so what tlslint shows matches what administrators see from the openssl tool.

export type HashName = 'md2' | 'md4' | 'md5' | 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512' | 'sha3-224' | 'sha3-256' | 'sha3-384' | 'sha3-512';

/** Hashes that no longer resist collisions: a signature made with one can be forged. */
export const WEAK_HASHES: ReadonlySet<HashName> = new Set<HashName>(['md2', 'md4', 'md5', 'sha1']);

export interface SignatureOid {
  name: string;
  /** The digest, when the OID fixes it (RSASSA-PSS carries it in its parameters instead). */
  hash?: HashName;
  /** The key algorithm that signs: rsa, rsa-pss, ecdsa, dsa, ed25519, ed448. */
  scheme: 'rsa' | 'rsa-pss' | 'ecdsa' | 'dsa' | 'ed25519' | 'ed448';
}

export const SIGNATURE_ALGORITHMS: Record<string, SignatureOid> = {
  '1.2.840.113549.1.1.2': { name: 'md2WithRSAEncryption', hash: 'md2', scheme: 'rsa' },
  '1.2.840.113549.1.1.3': { name: 'md4WithRSAEncryption', hash: 'md4', scheme: 'rsa' },
  '1.2.840.113549.1.1.4': { name: 'md5WithRSAEncryption', hash: 'md5', scheme: 'rsa' },
  '1.2.840.113549.1.1.5': { name: 'sha1WithRSAEncryption', hash: 'sha1', scheme: 'rsa' },
  '1.3.14.3.2.29': { name: 'sha1WithRSA', hash: 'sha1', scheme: 'rsa' },
  '1.2.840.113549.1.1.14': { name: 'sha224WithRSAEncryption', hash: 'sha224', scheme: 'rsa' },
  '1.2.840.113549.1.1.11': { name: 'sha256WithRSAEncryption', hash: 'sha256', scheme: 'rsa' },
  '1.2.840.113549.1.1.12': { name: 'sha384WithRSAEncryption', hash: 'sha384', scheme: 'rsa' },
  '1.2.840.113549.1.1.13': { name: 'sha512WithRSAEncryption', hash: 'sha512', scheme: 'rsa' },
  '2.16.840.1.101.3.4.3.13': { name: 'RSA-SHA3-224', hash: 'sha3-224', scheme: 'rsa' },
  '2.16.840.1.101.3.4.3.14': { name: 'RSA-SHA3-256', hash: 'sha3-256', scheme: 'rsa' },
  '2.16.840.1.101.3.4.3.15': { name: 'RSA-SHA3-384', hash: 'sha3-384', scheme: 'rsa' },
  '2.16.840.1.101.3.4.3.16': { name: 'RSA-SHA3-512', hash: 'sha3-512', scheme: 'rsa' },
  '1.2.840.113549.1.1.10': { name: 'rsassaPss', scheme: 'rsa-pss' },
  '1.2.840.10045.4.1': { name: 'ecdsa-with-SHA1', hash: 'sha1', scheme: 'ecdsa' },
  '1.2.840.10045.4.3.1': { name: 'ecdsa-with-SHA224', hash: 'sha224', scheme: 'ecdsa' },
  '1.2.840.10045.4.3.2': { name: 'ecdsa-with-SHA256', hash: 'sha256', scheme: 'ecdsa' },
  '1.2.840.10045.4.3.3': { name: 'ecdsa-with-SHA384', hash: 'sha384', scheme: 'ecdsa' },
  '1.2.840.10045.4.3.4': { name: 'ecdsa-with-SHA512', hash: 'sha512', scheme: 'ecdsa' },
  '2.16.840.1.101.3.4.3.9': { name: 'ecdsa_with_SHA3-224', hash: 'sha3-224', scheme: 'ecdsa' },
  '2.16.840.1.101.3.4.3.10': { name: 'ecdsa_with_SHA3-256', hash: 'sha3-256', scheme: 'ecdsa' },
  '2.16.840.1.101.3.4.3.11': { name: 'ecdsa_with_SHA3-384', hash: 'sha3-384', scheme: 'ecdsa' },
  '2.16.840.1.101.3.4.3.12': { name: 'ecdsa_with_SHA3-512', hash: 'sha3-512', scheme: 'ecdsa' },
  '1.2.840.10040.4.3': { name: 'dsaWithSHA1', hash: 'sha1', scheme: 'dsa' },
  '2.16.840.1.101.3.4.3.1': { name: 'dsa_with_SHA224', hash: 'sha224', scheme: 'dsa' },
  '2.16.840.1.101.3.4.3.2': { name: 'dsa_with_SHA256', hash: 'sha256', scheme: 'dsa' },
  '1.3.101.112': { name: 'ED25519', scheme: 'ed25519' },
  '1.3.101.113': { name: 'ED448', scheme: 'ed448' },
};

export const HASH_ALGORITHMS: Record<string, HashName> = {
  '1.2.840.113549.2.2': 'md2',
  '1.2.840.113549.2.5': 'md5',
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
  '2.16.840.1.101.3.4.2.7': 'sha3-224',
  '2.16.840.1.101.3.4.2.8': 'sha3-256',
  '2.16.840.1.101.3.4.2.9': 'sha3-384',
  '2.16.840.1.101.3.4.2.10': 'sha3-512',
};

/** Public key algorithm OIDs (SubjectPublicKeyInfo.algorithm). */
export const KEY_ALGORITHMS: Record<string, 'rsa' | 'rsa-pss' | 'ec' | 'dsa' | 'ed25519' | 'ed448' | 'x25519' | 'x448' | 'dh'> = {
  '1.2.840.113549.1.1.1': 'rsa',
  '1.2.840.113549.1.1.10': 'rsa-pss',
  '1.2.840.10045.2.1': 'ec',
  '1.2.840.10040.4.1': 'dsa',
  '1.3.101.112': 'ed25519',
  '1.3.101.113': 'ed448',
  '1.3.101.110': 'x25519',
  '1.3.101.111': 'x448',
  '1.2.840.113549.1.3.1': 'dh',
  '1.2.840.10046.2.1': 'dh',
};

/** Named curves: OID -> OpenSSL name, NIST name where there is one, size of the field in bits. */
export const CURVES: Record<string, { name: string; nist?: string; bits: number }> = {
  '1.2.840.10045.3.1.1': { name: 'prime192v1', nist: 'P-192', bits: 192 },
  '1.3.132.0.33': { name: 'secp224r1', nist: 'P-224', bits: 224 },
  '1.2.840.10045.3.1.7': { name: 'prime256v1', nist: 'P-256', bits: 256 },
  '1.3.132.0.34': { name: 'secp384r1', nist: 'P-384', bits: 384 },
  '1.3.132.0.35': { name: 'secp521r1', nist: 'P-521', bits: 521 },
  '1.3.132.0.10': { name: 'secp256k1', bits: 256 },
  '1.3.36.3.3.2.8.1.1.7': { name: 'brainpoolP256r1', bits: 256 },
  '1.3.36.3.3.2.8.1.1.11': { name: 'brainpoolP384r1', bits: 384 },
  '1.3.36.3.3.2.8.1.1.13': { name: 'brainpoolP512r1', bits: 512 },
  '1.2.156.10197.1.301': { name: 'SM2', bits: 256 },
};

/** Bits and NIST name for a curve named as Node/OpenSSL name it (`prime256v1`, `secp384r1`). */
export function curveByName(name: string): { name: string; nist?: string; bits?: number } {
  for (const c of Object.values(CURVES)) if (c.name === name || c.nist === name) return c;
  const digits = name.match(/(\d{3})/);
  return { name, bits: digits ? Number(digits[1]) : undefined };
}

/** Attribute types of distinguished names: OID -> OpenSSL short name. */
export const NAME_ATTRIBUTES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'street',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'title',
  '2.5.4.13': 'description',
  '2.5.4.15': 'businessCategory',
  '2.5.4.17': 'postalCode',
  '2.5.4.42': 'GN',
  '2.5.4.43': 'initials',
  '2.5.4.44': 'generationQualifier',
  '2.5.4.46': 'dnQualifier',
  '2.5.4.65': 'pseudonym',
  '2.5.4.97': 'organizationIdentifier',
  '1.2.840.113549.1.9.1': 'emailAddress',
  '0.9.2342.19200300.100.1.1': 'UID',
  '0.9.2342.19200300.100.1.25': 'DC',
  '1.3.6.1.4.1.311.60.2.1.1': 'jurisdictionL',
  '1.3.6.1.4.1.311.60.2.1.2': 'jurisdictionST',
  '1.3.6.1.4.1.311.60.2.1.3': 'jurisdictionC',
};

export const EXT = {
  SUBJECT_KEY_ID: '2.5.29.14',
  KEY_USAGE: '2.5.29.15',
  SUBJECT_ALT_NAME: '2.5.29.17',
  BASIC_CONSTRAINTS: '2.5.29.19',
  AUTHORITY_KEY_ID: '2.5.29.35',
  EXT_KEY_USAGE: '2.5.29.37',
  AUTHORITY_INFO_ACCESS: '1.3.6.1.5.5.7.1.1',
  TLS_FEATURE: '1.3.6.1.5.5.7.1.24',
} as const;

export const ACCESS_METHOD = {
  OCSP: '1.3.6.1.5.5.7.48.1',
  CA_ISSUERS: '1.3.6.1.5.5.7.48.2',
} as const;

export const EXTENDED_KEY_USAGES: Record<string, string> = {
  '1.3.6.1.5.5.7.3.1': 'serverAuth',
  '1.3.6.1.5.5.7.3.2': 'clientAuth',
  '1.3.6.1.5.5.7.3.3': 'codeSigning',
  '1.3.6.1.5.5.7.3.4': 'emailProtection',
  '1.3.6.1.5.5.7.3.8': 'timeStamping',
  '1.3.6.1.5.5.7.3.9': 'OCSPSigning',
  '2.5.29.37.0': 'anyExtendedKeyUsage',
};

/** Key usage bits in order (RFC 5280 4.2.1.3), OpenSSL's spelling. */
export const KEY_USAGE_BITS = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;
