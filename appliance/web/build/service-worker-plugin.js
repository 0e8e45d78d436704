// Emits /sw.js from src/sw.js with the list of files of this build, so that
// the installed client starts offline, and a version that changes with them.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const template = fileURLToPath(new URL('../src/sw.js', import.meta.url));

export function serviceWorker() {
  return {
    name: 'cartable-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle).filter((name) => name !== 'sw.js').map((n) => '/' + n);
      const shell = ['/', '/index.html', '/manifest.webmanifest', '/icons/icon.svg', ...files];
      const version = createHash('sha256').update(shell.join('\n')).digest('hex').slice(0, 12);
      const source = readFileSync(template, 'utf8')
        .replace('__SHELL_FILES__', JSON.stringify([...new Set(shell)]))
        .replace('__VERSION__', JSON.stringify(version));
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}
