/**
 * @module @fl/cli-options
 * One option table → parsed, validated flags with environment fallbacks,
 * every problem collected, and generated usage text.
 */
export * from './validators';
export * from './option-table';
export * from './parse-options';
export * from './usage';
