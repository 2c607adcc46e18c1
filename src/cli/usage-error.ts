// A command refused how it was called (a missing or contradictory option, a file of the wrong shape): the
// person at the shell needs the sentence that says what to change, not a stack trace (program.ts prints it).
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
