// What the server put on the wire, for the one thing Node's TLS API hides: the order of the certificates
// in its Certificate message (getPeerCertificate re-links them by issuer). In TLS <= 1.2 that message is
// in the clear, so a pass-through stream between the socket and the TLS client keeps a copy of what the
// server sends, and the records are parsed afterwards. TLS 1.3 encrypts it: nothing to read there.

import * as net from 'node:net';
import { Duplex } from 'node:stream';

/** A TCP connection wrapped in a Duplex that records every byte received. */
export function tappedConnection(host: string, port: number): { stream: Duplex; received(): Buffer } {
  const chunks: Buffer[] = [];
  let size = 0;
  const raw = net.connect({ host, port });
  const stream = new Duplex({
    read() {
      raw.resume();
    },
    write(chunk: Buffer, _enc, cb) {
      raw.write(chunk, cb);
    },
    final(cb) {
      raw.end();
      cb();
    },
    destroy(err, cb) {
      raw.destroy();
      cb(err);
    },
  });
  raw.on('data', (d: Buffer) => {
    // The first flight is all we need; stop copying past 1 MiB.
    if (size < 1 << 20) {
      chunks.push(d);
      size += d.length;
    }
    if (!stream.push(d)) raw.pause();
  });
  raw.on('end', () => stream.push(null));
  raw.on('error', (e) => stream.destroy(e));
  return { stream, received: () => Buffer.concat(chunks) };
}

/**
 * The DER certificates of the first Certificate handshake message in a server's TLS <= 1.2 byte stream,
 * in the order sent; undefined when there is none (TLS 1.3, or the bytes end first).
 */
export function certificatesOnWire(bytes: Buffer): Buffer[] | undefined {
  // Reassemble handshake-record payloads (a message may span records) until a non-handshake record.
  const parts: Buffer[] = [];
  for (let i = 0; i + 5 <= bytes.length; ) {
    const type = bytes[i];
    const len = bytes.readUInt16BE(i + 3);
    if (i + 5 + len > bytes.length) break;
    if (type !== 22) break;
    parts.push(bytes.subarray(i + 5, i + 5 + len));
    i += 5 + len;
  }
  const hs = Buffer.concat(parts);
  for (let i = 0; i + 4 <= hs.length; ) {
    const type = hs[i];
    const len = hs.readUIntBE(i + 1, 3);
    if (i + 4 + len > hs.length) return undefined;
    if (type === 11) {
      const body = hs.subarray(i + 4, i + 4 + len);
      if (body.length < 3) return undefined;
      const total = body.readUIntBE(0, 3);
      const out: Buffer[] = [];
      for (let j = 3; j + 3 <= Math.min(body.length, 3 + total); ) {
        const n = body.readUIntBE(j, 3);
        if (j + 3 + n > body.length) return undefined;
        out.push(body.subarray(j + 3, j + 3 + n));
        j += 3 + n;
      }
      return out;
    }
    i += 4 + len;
  }
  return undefined;
}
