/** Caps of a Navigator layer import. */

/** Largest layer file accepted, in bytes (Navigator exports of a full matrix are ~1 MB). */
export const LAYER_MAX_BYTES = 5 * 1024 * 1024;
/** Most entries allowed in `techniques` (a full Enterprise matrix × tactics is ~1,500). */
export const LAYER_MAX_TECHNIQUES = 20_000;
/** Longer comments are truncated, with a warning. */
export const LAYER_MAX_COMMENT_CHARS = 10_000;
/** Longer layer names are truncated, with a warning. */
export const LAYER_MAX_NAME_CHARS = 256;
/** Deepest JSON nesting accepted; a layer needs 4 (layer → techniques → entry → metadata). */
export const LAYER_MAX_DEPTH = 32;
/** Warnings kept; the rest are counted in a last warning. */
export const LAYER_MAX_WARNINGS = 100;
