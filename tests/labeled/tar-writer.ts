/** Test helper: a tiny ustar writer, so that archives are built in the test, byte for byte. */
import { gzipSync } from 'node:zlib';

function header(name: string, size: number, type = '0'): Buffer {
  const h = Buffer.alloc(512);
  h.write(name.slice(0, 100), 0, 'utf8');
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(size.toString(8).padStart(11, '0') + '\0', 124);
  h.write('00000000000\0', 136);
  h.write(type, 156);
  h.write('ustar\0', 257);
  h.write('00', 263);
  h.fill(32, 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  return h;
}

const pad = (n: number): Buffer => Buffer.alloc((512 - (n % 512)) % 512);

export function tar(entries: { name: string; data: string | Buffer; longName?: boolean }[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const data = typeof e.data === 'string' ? Buffer.from(e.data) : e.data;
    if (e.longName === true) {
      const name = Buffer.from(e.name + '\0');
      parts.push(header('././@LongLink', name.length, 'L'), name, pad(name.length));
      parts.push(header(e.name.slice(0, 99), data.length), data, pad(data.length));
    } else {
      parts.push(header(e.name, data.length), data, pad(data.length));
    }
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

export const tarGz = (entries: Parameters<typeof tar>[0]): Buffer => gzipSync(tar(entries));
