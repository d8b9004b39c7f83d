import { describe, expect, it } from 'vitest';
import { chooseRenderingPath, describeRenderingPath } from './renderingPath.ts';

describe('chooseRenderingPath', () => {
  it('uses the CPU path when WebGL is missing', () => {
    expect(chooseRenderingPath({ webgl: false, renderer: '' }).path).toBe('cpu');
  });

  it('uses the CPU path on SwiftShader and llvmpipe', () => {
    const swiftShader = chooseRenderingPath({
      webgl: true,
      renderer:
        'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)',
    });
    expect(swiftShader.path).toBe('cpu');
    expect(describeRenderingPath(swiftShader)).toBe('Rendering: CPU (software WebGL detected (SwiftShader))');
    expect(chooseRenderingPath({ webgl: true, renderer: 'llvmpipe (LLVM 15.0.6, 256 bits)' }).path).toBe(
      'cpu',
    );
  });

  it('uses the GPU path on a hardware renderer', () => {
    expect(chooseRenderingPath({ webgl: true, renderer: 'ANGLE (NVIDIA GeForce RTX 3060)' }).path).toBe(
      'gpu',
    );
  });

  it('honours an override, but never GPU without WebGL', () => {
    expect(chooseRenderingPath({ webgl: true, renderer: 'SwiftShader' }, 'gpu').path).toBe('gpu');
    expect(chooseRenderingPath({ webgl: true, renderer: 'NVIDIA' }, 'cpu').path).toBe('cpu');
    expect(chooseRenderingPath({ webgl: false, renderer: '' }, 'gpu').path).toBe('cpu');
  });
});
