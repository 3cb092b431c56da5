#!/usr/bin/env bash
# The browser tests' workspace: the example coalition (examples/), its people with
# passwords in the server's state folder (DIR-state, outside the tree), the
# server's signing key trusted.
#   workspace.sh ACCORD DIR PASSWORD
set -euo pipefail
accord=$1 dir=$2 password=$3
examples=$(realpath "$(dirname "$0")/../../examples")
rm -rf "$dir" "$dir-state"
mkdir -p "$dir-state"
state=$(realpath "$dir-state")
"$accord" init "$dir" >/dev/null
cd "$dir"
tail -n +2 "$examples/organisations.tsv" | while IFS=$'\t' read -r id name_en name_ko kind; do
  "$accord" org add "$id" --name "$name_en" --name-ko "$name_ko" --kind "$kind" >/dev/null
done
"$accord" recipient import "$examples/recipients.tsv" >/dev/null
{ tail -n +2 "$examples/users.tsv"; printf 'tuan\tLe Van Tuan\ttuan@jumw.example\tjumw\tdrafter\n'; } |
  while IFS=$'\t' read -r id name email org roles; do
    "$accord" user add "$id" --name "$name" --email "$email" --org "$org" --role "$roles" >/dev/null
  done
ssh-keygen -q -t ed25519 -N "" -C accord-server -f "$state/signing-key"
"$accord" signer add accord-server --key "$state/signing-key.pub" >/dev/null
cp "$examples/nap-migrants.xml" documents/nap4-migrants.xml
ACCORD_AUTHOR="Kim Minji <minji@mrlf.example>" "$accord" commit -m "The coalition's first text" >/dev/null
for user in minji seoyeon an tuan bich sungmin dahye; do
  printf '%s\n' "$password" | "$accord" serve passwd "$user" --state-dir "$state" >/dev/null
done
