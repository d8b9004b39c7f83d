// `npm start`: installs what is missing, generates the sample case if needed, then runs the viewer.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const run = (cmd, args) => {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

if (!existsSync(join(root, 'node_modules', '.package-lock.json'))) run('npm', ['ci']);
run('node', ['scripts/ensureSample.mjs']);
run('npx', ['vite', '--open=false', ...process.argv.slice(2)]);
