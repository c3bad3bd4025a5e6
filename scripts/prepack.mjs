// Run by `npm pack`: refuses to pack without the wasm build, which `files` would silently skip.
import { existsSync } from 'node:fs';

for (const file of ['www/pkg/huqing-worker.js', 'www/pkg/huqing-worker-threads.js']) {
  if (!existsSync(file)) {
    console.error(`huqing: ${file} is missing; run scripts/build before npm pack`);
    process.exit(1);
  }
}
