/**
 * Live lint with bpmn-js-bpmnlint whose only rules run the compiler itself on the diagram open in
 * the modeler (`compileDefinitions`, pure TypeScript bundled into the app): one source of truth,
 * so what lint accepts deploys, short of the server's checks of CRM data (a stage that exists),
 * which the deploy reports on the elements. Errors and warnings are two rules, so bpmnlint
 * shows each in its category.
 */
import type { BpmnElement } from '../../../workflows/bpmn/bpmn-element';
import {
  type CompileIssue,
  compileDefinitions,
  type CompileOptions,
} from '../../../workflows/bpmn/compiler';

/** bpmnlint resolves `flowcard/…` rules in the package `bpmnlint-plugin-flowcard`. */
const PLUGIN = 'bpmnlint-plugin-flowcard';
const ERRORS_RULE = 'compiler-errors';
const WARNINGS_RULE = 'compiler-warnings';

interface Reporter {
  report(id: string, message: string): void;
}

/**
 * The limits the server deploys with (`maxTimerMs` is its FLOWCARD_MAX_TIMER, sent with the
 * capability list), so that lint refuses what the deploy would.
 */
export type LintLimits = Required<Pick<CompileOptions, 'maxTimerMs'>>;

/** A bpmnlint rule: `check` sees every element; ours acts on the document root only. */
function compilerRule(kind: 'errors' | 'warnings', limits: LintLimits) {
  return () => ({
    check(node: BpmnElement, reporter: Reporter) {
      if (node.$type !== 'bpmn:Definitions') return;
      const result = compileDefinitions(node, limits);
      const issues: CompileIssue[] =
        kind === 'errors' ? (result.ok ? [] : result.errors) : result.ok ? result.warnings : [];
      // An issue of the whole diagram shows on the process (bpmn-js-bpmnlint puts ids it
      // cannot find on the root element).
      const fallback = node.rootElements?.find((root) => root.$type === 'bpmn:Process')?.id;
      for (const issue of issues) {
        reporter.report(issue.elementId ?? fallback ?? node.id ?? '', issue.message);
      }
    },
  });
}

/**
 * The `linting` option of the bpmn-js Modeler (module `bpmn-js-bpmnlint`): active from the
 * start, with our two rules compiling under the server's limits.
 */
export function lintingConfig(limits: LintLimits) {
  const rules: Record<string, () => unknown> = {
    [ERRORS_RULE]: compilerRule('errors', limits),
    [WARNINGS_RULE]: compilerRule('warnings', limits),
  };
  return {
    active: true,
    bpmnlint: {
      config: {
        rules: { [`flowcard/${ERRORS_RULE}`]: 'error', [`flowcard/${WARNINGS_RULE}`]: 'warn' },
      },
      resolver: {
        resolveRule: (pkg: string, ruleName: string) =>
          pkg === PLUGIN ? (rules[ruleName] ?? null) : null,
        resolveConfig: () => null,
      },
    },
  };
}

/** One report, as bpmn-js-bpmnlint passes them with `linting.completed` (grouped by element id). */
interface LintReport {
  id: string;
  message: string;
  category: string;
}

export interface LintCounts {
  errors: number;
  warnings: number;
}

export function countIssues(issues: Record<string, LintReport[]>): LintCounts {
  const reports = Object.values(issues).flat();
  return {
    errors: reports.filter((report) => report.category === 'error').length,
    warnings: reports.filter((report) => report.category === 'warn').length,
  };
}
