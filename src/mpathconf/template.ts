// The file Red Hat's mpathconf starts from when there is no
// /etc/multipath.conf (RHEL 9.7 / 10). It has no blacklist section: the
// first edit appends one, which makes the 333-byte file of a fresh install.
export const TEMPLATE = `# device-mapper-multipath configuration file

# For a complete list of the default configuration values, run either:
# # multipath -t
# or
# # multipathd show config

# For a list of configuration options with descriptions, see the
# multipath.conf man page.

defaults {
\tuser_friendly_names yes
\tfind_multipaths on
}
`;
