/** Validates JUnit XML against the Jenkins JUnit schema with libxml2 (xmllint-wasm). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';

const XSD = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'junit', 'jenkins-junit.xsd'), 'utf8');

export async function junitProblems(xml: string): Promise<string[]> {
  const result = await validateXML({ xml: { fileName: 'report.xml', contents: xml }, schema: { fileName: 'junit.xsd', contents: XSD } });
  return result.errors.map((e) => e.message);
}
