export * from './jobs.js';
export * from './identity.js';
export * from './settings.js';
export * from './audit.js';
export * from './attack.js';
export * from './library.js';
export * from './missions.js';
