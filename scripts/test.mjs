// `npm test`: every check CI runs, in order, stopping at the first failure.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const steps = [
  ...(existsSync(join(root, 'node_modules', '.package-lock.json')) ? [] : [['install', 'npm', ['ci']]]),
  ['sample case', 'node', ['scripts/ensureSample.mjs']],
  ['typecheck', 'npm', ['run', '--silent', 'typecheck']],
  ['lint', 'npx', ['biome', 'ci', '.', ...(process.env.CI ? ['--colors=off'] : [])]],
  ['unit tests', 'npx', ['vitest', 'run']],
  ['annotations vs images', 'npm', ['run', '--silent', 'validate']],
  ['build', 'npx', ['vite', 'build']],
  ['end-to-end tests', 'npx', ['playwright', 'test']],
  ['benchmark harness smoke (no timing thresholds)', 'npx', ['tsx', 'bench/runBench.ts', '--smoke']],
];

let passed = 0;
for (const [name, cmd, args] of steps) {
  console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`\n=== ${name} FAILED after ${seconds}s (exit ${result.status})`);
    console.log(`checks: ${passed} passed, 1 failed, ${steps.length - passed - 1} skipped`);
    process.exit(result.status ?? 1);
  }
  console.log(`=== ${name} passed in ${seconds}s`);
  passed += 1;
}
// One closing line for CI logs: each check is a whole step above (its own runner prints the test counts).
console.log(`checks: ${passed} passed, 0 failed`);
