import { randomBytes } from 'node:crypto';

/** A name no other test (or run) uses: `prefix-` and four hex digits. */
export const unique = (prefix: string): string => `${prefix}-${randomBytes(2).toString('hex')}`;
