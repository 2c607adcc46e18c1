// Where a binding was made: the Health Kit applet column (kit), the Yikatong app (app), or by station staff
// on a holder's behalf (staff). Holders themselves use only the first two.
export type Channel = 'kit' | 'app' | 'staff';
export type HolderChannel = Exclude<Channel, 'staff'>;
