// A deploy's warnings that follow from its request alone (the definition's settings and the target:
// layers the local endpoint cannot attach, a layer ARN with an account not yet known) come back word
// for word each time the same function is deployed again to the same place (start-api's reload on
// save, the editor's deploy before each local run). Said once; the others (the package's, the
// endpoint's answers) depend on what changed, and are said each time.

export interface DeployWarnings {
  readonly warnings: readonly string[];
  /** Those of `warnings` that the request alone determines. */
  readonly requestWarnings: readonly string[];
}

export class SaidOnce {
  private readonly said = new Set<string>();

  /** The warnings to show for this deploy of `scope` (a function at a target). */
  toShow(scope: string, result: DeployWarnings): string[] {
    return result.warnings.filter((warning) => {
      if (!result.requestWarnings.includes(warning)) return true;
      const key = `${scope}\n${warning}`;
      if (this.said.has(key)) return false;
      this.said.add(key);
      return true;
    });
  }
}
