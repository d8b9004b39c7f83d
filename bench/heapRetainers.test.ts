import { describe, expect, it } from 'vitest';
import { retainersOfLargeBuffers } from './heapRetainers.ts';

// A tiny snapshot: window -> cache (Map) -> record {PixelData} -> ArrayBuffer -> backing store (1 MB).
const snapshot = {
  snapshot: {
    meta: {
      node_fields: ['type', 'name', 'id', 'self_size', 'edge_count'],
      node_types: [['hidden', 'object', 'native']],
      edge_fields: ['type', 'name_or_index', 'to_node'],
      edge_types: [['context', 'element', 'property', 'internal', 'hidden', 'shortcut', 'weak']],
    },
  },
  // node i starts at i * 5
  nodes: [
    1,
    0,
    1,
    10,
    1, // 0 Window -> cache
    1,
    1,
    2,
    10,
    1, // 1 Map -> record
    1,
    2,
    3,
    10,
    1, // 2 Object -> buffer
    1,
    3,
    4,
    10,
    1, // 3 ArrayBuffer -> store
    2,
    4,
    5,
    1_000_000,
    0, // 4 backing store
  ],
  edges: [2, 5, 5, 1, 7, 10, 2, 6, 15, 3, 8, 20],
  strings: [
    'Window',
    'Map',
    'Object',
    'ArrayBuffer',
    'system / JSArrayBufferData',
    'cache',
    'PixelData',
    '3',
    'backing_store',
  ],
};

describe('retainersOfLargeBuffers', () => {
  it('names the property chain that keeps a large buffer alive', () => {
    expect(retainersOfLargeBuffers(snapshot)).toEqual([
      {
        path: 'system / JSArrayBufferData < backing_store of ArrayBuffer < PixelData of Object < [7] of Map < cache of Window',
        count: 1,
        bytes: 1_000_000,
      },
    ]);
  });
  it('ignores small buffers', () => {
    expect(retainersOfLargeBuffers(snapshot, 2_000_000)).toEqual([]);
  });
});
