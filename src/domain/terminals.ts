// What kind of reader a terminal is: a bus validator, a metro gate, or a staff handheld.
export type TerminalKind = 'bus-validator' | 'metro-gate' | 'staff-device';
