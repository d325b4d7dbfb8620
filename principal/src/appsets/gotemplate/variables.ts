/**
 * The variable stack of one template invocation, as Go's `state.vars`: `$` at the
 * bottom, `:=` pushes, `=` assigns the nearest variable of that name, and control
 * structures pop back to a mark at their `{{end}}`.
 */

/** A template variable; `boxed` marks values held in an interface (range elements). */
export interface Variable {
  readonly name: string;
  readonly value: unknown;
  readonly boxed: boolean;
}

/** The variables visible at a point of execution. */
export class VarStack {
  private readonly vars: Variable[];

  /** A stack holding `$` bound to `dot`. */
  constructor(dot: unknown) {
    this.vars = [{ name: '$', value: dot, boxed: false }];
  }

  /** The current height, for {@link popTo}. */
  mark(): number {
    return this.vars.length;
  }

  popTo(mark: number): void {
    this.vars.length = mark;
  }

  push(name: string, value: unknown, boxed = false): void {
    this.vars.push({ name, value, boxed });
  }

  /** Assigns the nearest variable named `name`; false when there is none. */
  set(name: string, value: unknown, boxed = false): boolean {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i]!.name === name) {
        this.vars[i] = { name, value, boxed };
        return true;
      }
    }
    return false;
  }

  /** Sets the n-th variable from the top (1 = top), as range does for its declarations. */
  setTop(n: number, value: unknown, boxed = false): void {
    const v = this.vars[this.vars.length - n]!;
    this.vars[this.vars.length - n] = { name: v.name, value, boxed };
  }

  lookup(name: string): Variable | undefined {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i]!.name === name) return this.vars[i];
    return undefined;
  }
}
