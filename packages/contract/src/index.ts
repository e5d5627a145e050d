export * from './errors.js';
export * from './api/common.js';
export * from './api/health.js';
export * from './api/jobs.js';
export * from './api/diag.js';
