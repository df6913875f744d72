// The clear-text Certificate message of TLS <= 1.2, read off recorded server bytes: reassembled across
// records, in the order sent; nothing when there is none or the bytes stop short.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { certificatesOnWire } from '../../server/src/host/probeWire';

const u24 = (n: number) => Buffer.from([(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);
const handshakeMsg = (type: number, body: Buffer) => Buffer.concat([Buffer.from([type]), u24(body.length), body]);
const record = (type: number, payload: Buffer) => Buffer.concat([Buffer.from([type, 3, 3, payload.length >> 8, payload.length & 0xff]), payload]);

function certificateMsg(certs: Buffer[]): Buffer {
  const list = Buffer.concat(certs.map((c) => Buffer.concat([u24(c.length), c])));
  return handshakeMsg(11, Buffer.concat([u24(list.length), list]));
}

test('finds the Certificate message after ServerHello, across record boundaries, in order', () => {
  const serverHello = handshakeMsg(2, Buffer.alloc(70, 1));
  const a = Buffer.from('first-certificate');
  const b = Buffer.from('second');
  const flight = Buffer.concat([serverHello, certificateMsg([a, b]), handshakeMsg(14, Buffer.alloc(0))]);
  // Split the handshake stream over three records, mid-message.
  const bytes = Buffer.concat([record(22, flight.subarray(0, 50)), record(22, flight.subarray(50, 90)), record(22, flight.subarray(90))]);
  assert.deepEqual(certificatesOnWire(bytes)?.map(String), ['first-certificate', 'second']);
});

test('nothing to read: TLS 1.3 (encrypted after ServerHello) or a truncated stream', () => {
  const serverHello = handshakeMsg(2, Buffer.alloc(70, 1));
  const tls13 = Buffer.concat([record(22, serverHello), record(20, Buffer.from([1])), record(23, Buffer.alloc(300, 7))]);
  assert.equal(certificatesOnWire(tls13), undefined);
  const full = record(22, Buffer.concat([serverHello, certificateMsg([Buffer.alloc(100, 2)])]));
  assert.equal(certificatesOnWire(full.subarray(0, full.length - 10)), undefined);
  assert.equal(certificatesOnWire(Buffer.alloc(0)), undefined);
});
