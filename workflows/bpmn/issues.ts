/** The problems found in a diagram, each with the element it concerns and its source line. */

export interface CompileIssue {
  elementId: string | null;
  /** 1-based line in the XML source, when known. */
  line: number | null;
  message: string;
}

export class Issues {
  readonly errors: CompileIssue[] = [];
  readonly warnings: CompileIssue[] = [];

  constructor(private readonly xml: string) {}

  error(elementId: string | null, message: string, line: number | null = null): void {
    this.errors.push({ elementId, line: line ?? this.lineOf(elementId), message });
  }

  warning(elementId: string | null, message: string): void {
    this.warnings.push({ elementId, line: this.lineOf(elementId), message });
  }

  hasErrorFor(elementId: string): boolean {
    return this.errors.some((issue) => issue.elementId === elementId);
  }

  /** The line declaring `id="<elementId>"`; the diagram-interchange part refers to ids by other attributes. */
  private lineOf(elementId: string | null): number | null {
    if (elementId === null) return null;
    const escaped = elementId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const match = new RegExp(`\\sid\\s*=\\s*(["'])${escaped}\\1`).exec(this.xml);
    return match ? lineAt(this.xml, match.index) : null;
  }
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
