export { version } from '../system/version.js';
