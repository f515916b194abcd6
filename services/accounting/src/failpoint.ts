// The kit's crash hook for the reliability tests (docs/reliability.md).
export { failpoint } from '@garrison/kit';
