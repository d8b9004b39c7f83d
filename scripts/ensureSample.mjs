// Generates the sample case when its output is missing or was written by an older generator.
// Plain Node (no TypeScript) so it can run before anything else is known to work.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const stampFile = join(root, 'sample-dicom', '.generator-hash');

/** Hash of every generator source file: when it changes, the sample is regenerated. */
function generatorHash() {
  const hash = createHash('sha256');
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts') && !name.endsWith('.test.ts'))
        hash.update(name).update(readFileSync(path));
    }
  };
  walk(join(root, 'generator'));
  return hash.digest('hex');
}

const wanted = generatorHash();
const current = existsSync(stampFile) ? readFileSync(stampFile, 'utf8').trim() : '';
if (current === wanted && !process.argv.includes('--force')) {
  console.log('sample-dicom is up to date.');
} else {
  console.log('Generating the sample case (npm run generate)...');
  const result = spawnSync('npm', ['run', '--silent', 'generate'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  writeFileSync(stampFile, `${wanted}\n`);
}
