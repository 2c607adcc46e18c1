// What kind of reader a terminal is: a bus validator, a metro gate, or a staff handheld.
export const TERMINAL_KINDS = ['bus-validator', 'metro-gate', 'staff-device'] as const;
export type TerminalKind = (typeof TERMINAL_KINDS)[number];
