/** The archive tests' kit: the world, zip bytes, imports (one file per part). */
export * from './test-archive-world.js';
export * from './test-archive-zip.js';
export * from './test-archive-import.js';
