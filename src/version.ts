// The upstream release whose behaviour mpathbox follows, in upstream's
// version line (scripts read it from `multipath -h`), and our own version.
export const UPSTREAM_VERSION = "0.14.3";
export const VERSION_LINE = `multipath-tools v${UPSTREAM_VERSION} (02/05, 2026)\n`;
export const MPATHBOX_VERSION = "0.1.0";
