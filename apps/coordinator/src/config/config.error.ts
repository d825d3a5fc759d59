/**
 * @module config/config.error
 * Raised once at boot with every bad configuration value listed.
 */
export class ConfigError extends Error {
  readonly code = 'BAD_CONFIG' as const;
  constructor(readonly problems: readonly string[]) {
    super(`Invalid coordinator configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}
