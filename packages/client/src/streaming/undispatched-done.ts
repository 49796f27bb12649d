/**
 * A `data: [DONE]` line, complete but not yet followed by the blank line that dispatches it, at the end of the last
 * 32 characters of a body. Copies of real streams end so; at the end of the body such a line is completed, so the
 * parser dispatches it. Anything else cut short stays undispatched, and the stream reads as truncated.
 */
export const UNDISPATCHED_DONE = /(?:^|[\r\n])data: ?\[DONE\](?:\r\n|\r|\n)$/
