/** E-mails and webhook deliveries about a candidate carry this reference, so erasure can find them. */
export const candidateRef = (id: number): string => `candidate:${id}`;
