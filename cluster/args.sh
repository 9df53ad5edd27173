# Sourced by the cluster scripts: what they read from smoothkd's own arguments.

# The value of --out (or --out=DIR) in the arguments given, else nothing.
out_of_args() {
  local prev=""
  for a in "$@"; do
    case "$a" in --out=*) echo "${a#--out=}"; return ;; esac
    [ "$prev" = --out ] && { echo "$a"; return; }
    prev="$a"
  done
}
