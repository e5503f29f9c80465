/** A file that cannot be turned into usable text; `code` is stable and meant for API clients. */
export class CvExtractionError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'CvExtractionError';
  }
}
