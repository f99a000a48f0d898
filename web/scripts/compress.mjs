// Writes NAME.gz beside every larger text file of dist/: `lmis serve` sends it, as it is, to
// browsers that take gzip (a phone on a slow line loads a quarter of the bytes), with nothing
// compressed per request.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, constants } from 'node:zlib';

const dist = new URL('../dist/', import.meta.url).pathname;
let before = 0;
let after = 0;
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (/\.(js|css|html|svg|json)$/.test(name) && statSync(path).size >= 1024) {
      const data = readFileSync(path);
      const packed = gzipSync(data, { level: constants.Z_BEST_COMPRESSION });
      writeFileSync(path + '.gz', packed);
      before += data.length;
      after += packed.length;
    }
  }
}
walk(dist);
console.log(`compress: ${(before / 1024).toFixed(0)} kB → ${(after / 1024).toFixed(0)} kB gzip`);
