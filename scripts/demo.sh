#!/usr/bin/env bash
# The demo of `make demo`: a coalition workspace from the project's example,
# a draft with two changed recommendations, the semantic diff, the history of
# one recommendation, and a Korean Markdown export. Safe to run again.
set -euo pipefail

accord_bin=$(realpath "${1:-build/bin/accord}")
demo_dir=${2:-demo}
examples=$(realpath "$(dirname "$0")/../examples")

step() { printf '\n\033[1;34m==> %s\033[0m\n' "$*"; }
quote() { for a in "$@"; do case $a in *[[:space:]\;\']*) printf ' "%s"' "$a" ;; *) printf ' %s' "$a" ;; esac; done; }
run() { printf '\033[2m$ accord%s\033[0m\n' "$(quote "$@")"; "$accord_bin" "$@"; }
# Each person signs what they say with their own SSH key, kept beside the demo.
keys="$(realpath -m "$demo_dir")-keys"
as() { local who=$1; shift; printf '\033[2m(as %s)\033[0m ' "$who"; ACCORD_USER=$who ACCORD_SIGNING_KEY="$keys/$who" run "$@"; }

rm -rf "$demo_dir" "$keys"
mkdir -p "$keys"
step "Create a workspace for the coalition in $demo_dir/"
run init "$demo_dir"
cd "$demo_dir"

step "Declare the member organisations (from examples/organisations.tsv)"
run org import "$examples/organisations.tsv"
step "Declare the ministries it is addressed to, named in both languages (examples/recipients.tsv)"
run recipient import "$examples/recipients.tsv"
run org list

step "Declare the people who act for them (from examples/users.tsv), each with the SSH key they sign with"
tail -n +2 "$examples/users.tsv" | while IFS=$'\t' read -r id name email org roles; do
  ssh-keygen -q -t ed25519 -N "" -C "$email" -f "$keys/$id"
  run user add "$id" --name "$name" --email "$email" --org "$org" --role "$roles" --key "$keys/$id.pub"
done
# The server (accord serve, at the end) signs what people do in the browser with its own key, trusted for them.
mkdir -p .git/accord-server
ssh-keygen -q -t ed25519 -N "" -C accord-server -f .git/accord-server/signing-key
run signer add accord-server --key .git/accord-server/signing-key.pub

step "Add the joint submission to the Fourth National Action Plan, validate and commit it"
cp "$examples/nap-migrants.xml" documents/nap4-migrants.xml
run validate
export ACCORD_AUTHOR="Kim Minji <minji@mrlf.example>"
run commit -m "First joint draft of the NAP-4 recommendations"
echo "(main is now protected by the default policy: further changes reach it through proposals)"

step "The migrant workers' union works on a draft of its own"
run draft new jumw-labour
run switch jumw-labour
# Two recommendations change: the job-seeking period (in both languages, plus an
# endorsement by the refugee network), and the status of the severance one.
sed -i \
  -e 's/Extend the job-seeking period to six months/Extend the job-seeking period to one year/' \
  -e 's/구직기간을 6개월로 늘리고/구직기간을 1년으로 늘리고/' \
  -e '0,/<endorsement org="gnmc"\/>/s//<endorsement org="gnmc"\/>\n      <endorsement org="rrs"\/>/' \
  -e 's/<recommendation id="departure-insurance" status="draft"/<recommendation id="departure-insurance" status="agreed"/' \
  documents/nap4-migrants.xml
run status

step "What changed, recommendation by recommendation and word by word"
run diff

export ACCORD_AUTHOR="Nguyen Van An <an@jumw.example>"
run commit -m "Labour: a year to find a new job; severance agreed"

step "What the draft changes (since it left main: three dots, as in git)"
run diff main...jumw-labour

step "The history of one recommendation"
run log --rec eps-job-mobility

step "Meanwhile the refugee network edits its own draft, from main"
run draft new rrs-refugees --from main
run switch rrs-refugees
# The same recommendation gets a second endorsement (where the union's draft added
# one too), and a refugee recommendation is reworded in both languages.
sed -i \
  -e '0,/<endorsement org="gnmc"\/>/s//<endorsement org="gnmc"\/>\n      <endorsement org="mwsc"\/>/' \
  -e 's/Record every refugee status interview on audio and video/Record every refugee status interview, in full, on audio and video/' \
  -e 's/모든 난민면접을 녹음·녹화하고/모든 난민면접의 전 과정을 녹음·녹화하고/' \
  documents/nap4-migrants.xml
export ACCORD_AUTHOR="Lee Seo-yeon <seoyeon@rrs.example>"
run commit -m "Refugees: record interviews in full"

step "Merge the two drafts: every compatible edit is kept (git's line merge would stop here)"
run switch jumw-labour
run merge rrs-refugees
run log -n 4
run diff main...jumw-labour

step "The union proposes its draft for the coalition's text"
export ACCORD_AUTHOR="Nguyen Van An <an@jumw.example>"
run propose --title "Labour and refugee recommendations" --from jumw-labour \
  -m "A year to find a new job, severance agreed, refugee interviews recorded in full."
# A proposal is named by its id, which no other clone can make (shown short, as git shows commits).
proposal=$("$accord_bin" proposals --state open | head -1 | cut -d' ' -f1 | tr -d '#')
as minji review "$proposal" --approve
as bich review "$proposal" --approve

step "Landing is refused: every organisation endorsing a changed recommendation must consent"
echo "(the coalition's secretariat, Kim Minji, is the workspace's admin: admins land)"
as minji land "$proposal" || true

step "The other endorsing organisations approve, and the proposal lands on main"
as seoyeon review "$proposal" --approve
as jieun review "$proposal" --approve
as sungmin review "$proposal" --comment -m "경남 지역 농업 이주노동자에게도 1년이 필요합니다." --on eps-job-mobility
as sungmin review "$proposal" --approve
as sungmin review "$proposal" --resolve 6
run proposal show "$proposal"
as minji land "$proposal"
run audit main

step "For members who read only Word: what the proposal changed, as tracked changes by author"
run proposal export "$proposal" --lang ko -o nap4-migrants.proposal.ko.docx

step "Export the coalition's text (main) to Markdown, in Korean"
run switch main
run export nap4-migrants --format md --lang ko -o nap4-migrants.ko.md
sed -n '1,24p' nap4-migrants.ko.md
echo "…"

step "Check it against the Korean ministries' profile; export it as Hangul (HWPX) and, for the UN, as Word"
run check nap4-migrants --profile nap-kr || true
run export nap4-migrants --format hwpx --profile nap-kr -o nap4-migrants.hwpx
run export nap4-migrants --format docx --profile upr-joint -o nap4-migrants.docx

step "The coalition meets at a hub: the secretariat publishes the workspace, the refugee network clones it"
hub="$(realpath ..)/$(basename "$demo_dir")-hub.git"
rrs="$(realpath ..)/$(basename "$demo_dir")-rrs"
rm -rf "$hub" "$rrs"
git init -q --bare "$hub"
run publish "$hub"
run clone "$hub" "$rrs"
cd "$rrs"
export ACCORD_AUTHOR="Lee Seo-yeon <seoyeon@rrs.example>"
run draft new rrs-detention --from main
run switch rrs-detention
sed -i 's/to set an upper limit on detention pending removal/to set an upper limit of three months on detention pending removal/' documents/nap4-migrants.xml
run commit -m "Detention: at most three months"
as seoyeon propose --title "At most three months of detention" --from rrs-detention
run sync
cd - >/dev/null

step "Back at the secretariat: the refugee network's draft and proposal have arrived"
export ACCORD_AUTHOR="Kim Minji <minji@mrlf.example>"
run sync
run draft list
run proposals --state open

step "The secretariat serves the workspace to members who work in the browser (accord serve)"
port=${ACCORD_DEMO_PORT:-8470}
base="http://127.0.0.1:$port"
echo "(a one-time link for each person: they choose a password with it; here the secretariat sets one for an directly)"
printf '%s\n' "correct horse battery staple" | "$accord_bin" serve passwd an
"$accord_bin" serve --listen "127.0.0.1:$port" > "$keys/serve.log" 2>&1 &
server=$!
for _ in $(seq 50); do curl -fs "$base/api/v1/session" >/dev/null 2>&1 && break; sleep 0.1; done
head -1 "$keys/serve.log"
jar=$(mktemp)
api() { printf '\033[2m$ curl %s\033[0m\n' "$*"; curl -s -b "$jar" -c "$jar" "$@"; echo; }
api -H 'Content-Type: application/json' -d '{"user":"an","password":"correct horse battery staple"}' "$base/api/v1/session"
api -H 'Accept-Language: ko' "$base/api/v1/documents/nap4-migrants/recommendations/eps-job-mobility" | cut -c1-400
rm -f "$jar"
stop() { kill -TERM "$server" 2>/dev/null; wait "$server" || true; tail -1 "$keys/serve.log"; }
if [ -t 1 ] && [ -z "${CI:-}" ]; then
  step "The web interface is at $base/ — sign in as an (password: correct horse battery staple), or use a link:"
  for who in minji seoyeon bich jieun sungmin; do
    printf '  %-8s %s\n' "$who" "$("$accord_bin" serve invite "$who" --url "$base" 2>/dev/null | grep -o 'http[^ ]*' | head -1)"
  done
  echo "Serving until Ctrl-C."
  trap 'echo; stop; exit 0' INT TERM
  wait "$server"
else
  # Without a terminal (CI): the pages answer, then the server stops.
  curl -fsS "$base/" | grep -q '<script defer src="/assets/app.js"></script>'
  curl -fsS -o /dev/null "$base/documents/nap4-migrants/r/eps-job-mobility"
  curl -fsS -o /dev/null "$base/assets/app.js"
  echo "The web interface answers at $base/ (run make demo in a terminal to keep it serving)."
  stop
fi

step "Done: the workspace is in $demo_dir/, its hub in $hub, the refugee network's clone in $rrs"
