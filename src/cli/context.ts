/**
 * What a command gets from the CLI around it: where to print (captured by tests and the fuzzer,
 * the terminal in `meshsim`), and how to end with an exit code other than 0 without ending the
 * process (a regression found by `check` is exit 1; so is a capacity search without a plan).
 */

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export interface CommandContext {
  io: CliIo;
  /** The exit code the command ends with when it returns normally (default 0). */
  setExit(code: number): void;
}

/**
 * A command stopped by bad input or a failing plug-in after it had written some of its work (a
 * sweep keeps its finished points): the cause is reported as usual, with `kept` (what was kept,
 * and how to go on) instead of "no files were written".
 */
export class StoppedAfterWork extends Error {
  constructor(
    override readonly cause: Error,
    readonly kept: string,
  ) {
    super(cause.message);
    this.name = 'StoppedAfterWork';
  }
}
