/** Objects as text: multi-document YAML (what kubectl reads) or a JSON List. */
import { stringify } from 'yaml';

export function toYamlStream(documents: readonly object[]): string {
  return documents.map((doc) => stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false })).join('---\n');
}

export function toJsonList(documents: readonly object[]): string {
  return `${JSON.stringify({ apiVersion: 'v1', kind: 'List', items: documents }, null, 2)}\n`;
}
