// RFC 6238 codes (SHA-1, 6 digits, 30 s), as an authenticator application
// computes them from the base32 secret the appliance gives at enrollment.
import { createHmac } from 'node:crypto';

function base32Bytes(secret) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of secret.replace(/[\s=]/g, '').toUpperCase()) {
    const value = alphabet.indexOf(char);
    if (value < 0) throw new Error(`not base32: ${char}`);
    bits += value.toString(2).padStart(5, '0');
  }
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

export function totpCode(secret, seconds = Date.now() / 1000) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(seconds / 30)));
  const digest = createHmac('sha1', base32Bytes(secret)).update(counter).digest();
  const offset = digest[digest.length - 1] & 0x0f;
  const value = (digest.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(value).padStart(6, '0');
}

// The appliance refuses a code of a time step at or before the last one it
// accepted (no replay) and accepts the next step: each call gives a code of
// a step not used yet by this process, waiting only when two are used up.
const lastStep = new Map();

export async function freshCode(secret) {
  const now = Math.floor(Date.now() / 1000 / 30);
  const step = Math.max(now, (lastStep.get(secret) ?? 0) + 1);
  if (step > now + 1) {
    await new Promise((resolve) => setTimeout(resolve, ((step - 1) * 30 + 1) * 1000 - Date.now()));
  }
  lastStep.set(secret, step);
  return totpCode(secret, step * 30);
}
