/**
 * The GitHub Action and the README's example workflow, checked against SchemaStore's published
 * github-action and github-workflow JSON schemas, as bundled in the npm package
 * @action-validator/core (it validates with the schemas of SchemaStore's repository, no download).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateAction, validateWorkflow } from '@action-validator/core';
import { parse } from 'yaml';
import { describe, expect, test } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');
const actionText = readFileSync(join(root, 'action.yml'), 'utf8');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const workflowText = /<!-- ci-workflow:start -->\n```yaml\n([\s\S]*?)```\n<!-- ci-workflow:end -->/.exec(readme)?.[1] ?? '';

interface Action {
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  runs: { steps: { run?: string }[] };
}
interface Workflow {
  jobs: Record<string, { steps: { uses?: string; with?: Record<string, string>; env?: Record<string, string> }[] }>;
}

describe('action.yml', () => {
  test('is a valid action by the github-action schema', () => {
    expect(validateAction(actionText).errors).toEqual([]);
  });

  test('the schema check is not vacuous: a composite step without a shell is refused', () => {
    const broken = actionText.replace('    - name: devnet\n      shell: bash\n', '    - name: devnet\n');
    expect(broken).not.toBe(actionText);
    expect(validateAction(broken).errors.length).toBeGreaterThan(0);
  });

  test('runs every command it documents', () => {
    const action = parse(actionText) as Action;
    const script = action.runs.steps.map((s) => s.run ?? '').join('\n');
    for (const command of ['up', 'check', 'bundle', 'down', 'gc']) expect(script).toContain(`  ${command})\n`);
  });
});

describe('the example workflow in the README', () => {
  test('is a valid workflow by the github-workflow schema', () => {
    expect(workflowText).toContain('jobs:');
    expect(validateWorkflow(workflowText).errors).toEqual([]);
  });

  test('the schema check is not vacuous: a misspelt key is refused', () => {
    expect(validateWorkflow(workflowText.replace('runs-on:', 'run-on:')).errors.length).toBeGreaterThan(0);
  });

  test('uses only inputs and outputs the action has', () => {
    const action = parse(actionText) as Action;
    const workflow = parse(workflowText) as Workflow;
    const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);
    const ours = steps.filter((s) => s.uses?.includes('/devnet@'));
    expect(ours.length).toBeGreaterThanOrEqual(3);
    for (const step of ours) for (const input of Object.keys(step.with ?? {})) expect(Object.keys(action.inputs)).toContain(input);
    for (const [, output] of workflowText.matchAll(/steps\.devnet\.outputs\.([a-z-]+)/g)) expect(Object.keys(action.outputs)).toContain(output);
  });
});
