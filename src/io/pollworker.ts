// placeholder, replaced by the poll worker
export {};
