// What a reader's network calls throw when the server refuses them: the HTTP status and the catalogue code.
export class ReaderSyncError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | null,
  ) {
    super(message);
  }
}
