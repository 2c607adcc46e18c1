// Tables of the service desk and the outlet finder (tickets, replies, outlets).
export interface ServiceDatabase {}
