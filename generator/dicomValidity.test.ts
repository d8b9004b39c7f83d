// Every generated file must pass dciodvfy (Debian dicom3tools) with zero errors and be readable by dcmdump.
// Fails, never skips, when the tools are missing.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CASE_DIR, loadCaseJson } from './loadGeneratedCase.ts';

function run(command: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

function requireTool(tool: string, pkg: string): void {
  const probe = spawnSync('sh', ['-c', `command -v ${tool}`]);
  if (probe.status !== 0) throw new Error(`${tool} is not installed: run \`sudo apt-get install ${pkg}\``);
}

describe('DICOM validity', () => {
  it('dciodvfy reports zero errors on every generated file', async () => {
    requireTool('dciodvfy', 'dicom3tools');
    const { manifest } = loadCaseJson();
    const files = manifest.series.flatMap((s) => s.instances.map((i) => join(CASE_DIR, i.file)));
    expect(files.length).toBeGreaterThan(250);
    const failures: string[] = [];
    const warnings = new Map<string, number>();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < files.length) {
        const file = files[next++] as string;
        const { output } = await run('dciodvfy', [file]);
        for (const line of output.split('\n')) {
          if (line.startsWith('Error')) failures.push(`${file}: ${line}`);
          if (line.startsWith('Warning')) warnings.set(line, (warnings.get(line) ?? 0) + 1);
        }
      }
    };
    await Promise.all(Array.from({ length: 4 }, worker));
    expect(failures.slice(0, 20)).toEqual([]);
    expect(warnings.size, [...warnings.keys()].join('\n')).toBeLessThan(5);
  }, 120_000);

  it('dcmdump reads one file of every series', async () => {
    requireTool('dcmdump', 'dcmtk');
    const { manifest } = loadCaseJson();
    for (const s of manifest.series) {
      const file = join(CASE_DIR, s.instances[0]?.file ?? '');
      const { code, output } = await run('dcmdump', ['+E', file]);
      expect(code, output).toBe(0);
      expect(output).toContain('(7fe0,0010)');
    }
  });
});
