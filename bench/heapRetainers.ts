/**
 * Answers "what keeps these megabytes alive?" from a V8 heap snapshot: groups large ArrayBuffer backing
 * stores by the chain of property names that retains them (e.g. `PixelData < [12] < <Map> < …`). Pure; takes
 * the parsed `.heapsnapshot` JSON.
 */

/** The parts of a `.heapsnapshot` file this reads. */
export interface SnapshotJson {
  readonly snapshot: {
    readonly meta: {
      readonly node_fields: readonly string[];
      /** First entry: the node type names. */
      readonly node_types: readonly unknown[];
      readonly edge_fields: readonly string[];
      /** First entry: the edge type names. */
      readonly edge_types: readonly unknown[];
    };
  };
  readonly nodes: readonly number[];
  readonly edges: readonly number[];
  readonly strings: readonly string[];
}

/** One group of retained buffers. */
export interface RetainerGroup {
  /** Retaining path from the buffer outwards, e.g. `buffer < PixelData < (object) < [3]`. */
  readonly path: string;
  readonly count: number;
  readonly bytes: number;
}

/**
 * Groups buffers of at least `minBytes` by retaining path (the first retainer at each step that is not a
 * weak or internal edge), `depth` steps out.
 */
export function retainersOfLargeBuffers(
  snapshot: SnapshotJson,
  minBytes = 64 * 1024,
  depth = 6,
): RetainerGroup[] {
  const { meta } = snapshot.snapshot;
  const nodeFieldCount = meta.node_fields.length;
  const edgeFieldCount = meta.edge_fields.length;
  const nodeTypes = meta.node_types[0] as readonly string[];
  const edgeTypes = meta.edge_types[0] as readonly string[];
  const typeOf = meta.node_fields.indexOf('type');
  const nameOf = meta.node_fields.indexOf('name');
  const sizeOf = meta.node_fields.indexOf('self_size');
  const edgeCountOf = meta.node_fields.indexOf('edge_count');
  const edgeTypeOf = meta.edge_fields.indexOf('type');
  const edgeNameOf = meta.edge_fields.indexOf('name_or_index');
  const edgeToOf = meta.edge_fields.indexOf('to_node');
  const { nodes, edges, strings } = snapshot;
  const nodeCount = nodes.length / nodeFieldCount;

  // Reverse edges: for each node, (retainer node, edge index).
  const retainers: [number, number][][] = Array.from({ length: nodeCount }, () => []);
  let edge = 0;
  for (let n = 0; n < nodeCount; n++) {
    const count = nodes[n * nodeFieldCount + edgeCountOf] as number;
    for (let i = 0; i < count; i++, edge += edgeFieldCount) {
      const to = (edges[edge + edgeToOf] as number) / nodeFieldCount;
      retainers[to]?.push([n, edge]);
    }
  }
  const nodeName = (n: number) => {
    const type = nodeTypes[nodes[n * nodeFieldCount + typeOf] as number];
    const name = strings[nodes[n * nodeFieldCount + nameOf] as number] ?? '';
    return type === 'object' || type === 'native' ? name : `(${type})`;
  };
  const edgeName = (e: number) => {
    const type = edgeTypes[edges[e + edgeTypeOf] as number];
    const value = edges[e + edgeNameOf] as number;
    return type === 'element' || type === 'hidden' ? `[${value}]` : (strings[value] ?? '?');
  };
  const ignored = new Set(['weak', 'shortcut']);

  const groups = new Map<string, { count: number; bytes: number }>();
  for (let n = 0; n < nodeCount; n++) {
    const size = nodes[n * nodeFieldCount + sizeOf] as number;
    if (size < minBytes) continue;
    const name = nodeName(n);
    if (!/ArrayBuffer|system \/ JSArrayBufferData|backing_store/i.test(name)) continue;
    const parts: string[] = [name];
    let current = n;
    const seen = new Set<number>([n]);
    for (let step = 0; step < depth; step++) {
      const next = (retainers[current] ?? []).find(
        ([from, e]) => !seen.has(from) && !ignored.has(edgeTypes[edges[e + edgeTypeOf] as number] ?? ''),
      );
      if (!next) break;
      const [from, e] = next;
      parts.push(`${edgeName(e)} of ${nodeName(from)}`);
      seen.add(from);
      current = from;
    }
    const path = parts.join(' < ');
    const group = groups.get(path) ?? { count: 0, bytes: 0 };
    group.count++;
    group.bytes += size;
    groups.set(path, group);
  }
  return [...groups].map(([path, g]) => ({ path, ...g })).sort((a, b) => b.bytes - a.bytes);
}
