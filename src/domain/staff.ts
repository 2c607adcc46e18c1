// The staff roles: station staff, customer-service agents, outlet (refund desk) staff and operators.
// Each staff route serves exactly one of them (DESIGN §3).
export type StaffRole = 'staff' | 'agent' | 'outlet' | 'operator';
