/** A tree of labelled nodes, drawn with box-drawing characters (ASCII when asked). */

export interface TreeNode {
  label: string;
  /** Lines printed under the label, aligned with its children. */
  notes?: string[];
  children?: TreeNode[];
}

export function drawTree(roots: readonly TreeNode[], ascii = false): string[] {
  const glyph = ascii ? { mid: '|-- ', last: '`-- ', pipe: '|   ', space: '    ' } : { mid: '├── ', last: '└── ', pipe: '│   ', space: '    ' };
  const lines: string[] = [];
  const walk = (node: TreeNode, prefix: string, childPrefix: string) => {
    lines.push(`${prefix}${node.label}`);
    const children = node.children ?? [];
    for (const note of node.notes ?? []) lines.push(`${childPrefix}${children.length > 0 ? glyph.pipe : glyph.space}${note}`);
    children.forEach((child, i) => {
      const last = i === children.length - 1;
      walk(child, childPrefix + (last ? glyph.last : glyph.mid), childPrefix + (last ? glyph.space : glyph.pipe));
    });
  };
  for (const root of roots) walk(root, '', '');
  return lines;
}
