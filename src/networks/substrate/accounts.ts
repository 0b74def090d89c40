/**
 * The well-known dev accounts polkadot adds session keys for, one flag each (sc-cli 0.55.0, the
 * version polkadot-sdk stable2509 pins, src/commands/run_cmd.rs:100-148, RunCmd alice…two, and
 * fn get_keyring at :169; the flags conflict with each other, so one per node).
 */
export const DEV_ACCOUNTS = ['alice', 'bob', 'charlie', 'dave', 'eve', 'ferdie', 'one', 'two'] as const;
