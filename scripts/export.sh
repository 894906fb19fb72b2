#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Write the commits base..HEAD of build/linux as patches/: one folder per
# posting (patches/SERIES gives the order, build/linux's git config
# posting.NAME.count how many commits each takes), format-patch files with
# the posting's cover letter (git config posting.NAME.description) first
# when it has one, To: and Cc: from the
# tree's scripts/get_maintainer.pl. Byte-stable: an unchanged tree gives
# identical files.
#
# The patches are signed by whoever exports them: From: and the author's
# Signed-off-by: of every patch, and the cover letters' From:, become
# git config user.name/user.email (of build/linux, which falls back to
# the global ones). A patch is only as good as the person who signs it:
# with no identity set, the export refuses. EXPORT_IDENT="Name <email>"
# overrides it (export-check passes the one patches/ already carries).
#
# usage: export.sh [OUTDIR]   (default: patches/)
set -eu
. "$(dirname "$0")/lib.sh"

out=${1:-$TOP/patches}
# The revision of the series as posted: v7, the first on mainline.
SERIES_REVISION=7
[ -d "$LINUX_DIR/.git" ] || die "build/linux is missing: run 'make tree'"

if [ -n "$(git -C "$LINUX_DIR" status --porcelain --untracked-files=no | sed -n 1p)" ]; then
	die "build/linux has uncommitted changes: commit them (git commit -s) first"
fi
total=$(git -C "$LINUX_DIR" rev-list --count base..HEAD)
[ "$total" -gt 0 ] || die "build/linux has no commits on top of base"

# The postings and their sizes must cover base..HEAD exactly.
sum=0
for d in $(postings); do
	k=$(git -C "$LINUX_DIR" config "posting.$d.count" || true)
	[ -n "$k" ] || die "posting $d has no count: git -C build/linux config posting.$d.count N"
	sum=$((sum + k))
done
[ "$sum" -eq "$total" ] ||
	die "the postings of patches/SERIES count $sum commits, build/linux has $total: fix posting.NAME.count"

if [ -n "${EXPORT_IDENT:-}" ]; then
	ident=$EXPORT_IDENT
else
	name=$(git -C "$LINUX_DIR" config user.name || true)
	email=$(git -C "$LINUX_DIR" config user.email || true)
	if [ -z "$name" ] || [ -z "$email" ]; then
		die "export: no identity to sign the patches with: set git config user.name and user.email (yours: a patch needs a person's Signed-off-by)"
	fi
	ident="$name <$email>"
fi
case $ident in
*" <"*@*">") ;;
*) die "export: '$ident' is not 'Name <email>'" ;;
esac

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; git -C "$LINUX_DIR" for-each-ref --format="%(refname:short)" refs/heads/posting/ | xargs -r git -C "$LINUX_DIR" branch -q -D' EXIT

# maintainers FILE...: "to" and "cc" lines from get_maintainer.pl's roles:
# maintainers and supporters are addressed, everyone else (reviewers, lists)
# copied. The submitter's own address is left out. get_maintainer.pl looks
# the ids of Fixes: tags up in git, which build/linux's history (a release
# tarball) lacks: those complaints go to a log, a failure stops the export.
me=${ident##*<}
me=${me%>}
maintainers()
{
	# Perl orders hash keys at random: fixed, so that the order of the
	# addresses is the same on every export.
	(cd "$LINUX_DIR" && PERL_HASH_SEED=0 PERL_PERTURB_KEYS=0 perl scripts/get_maintainer.pl --no-git --no-git-fallback \
		--rolestats --no-tree "$@" 2>>"$BUILD/get_maintainer.log") >"$tmp/gm.out" ||
		die "scripts/get_maintainer.pl failed on $* (build/get_maintainer.log)"
	grep -vF "$me" "$tmp/gm.out" |
		awk '{ r = ($0 ~ /\((maintainer|supporter):/) ? "to" : "cc"
		       sub(/ \(.*$/, ""); print r " " $0 }'
}

start=base
for d in $(postings); do
	k=$(git -C "$LINUX_DIR" config "posting.$d.count")
	end=$(git -C "$LINUX_DIR" rev-list --reverse "$start..HEAD" | sed -n "${k}p")
	# A branch at the posting's last commit, so that format-patch finds
	# the posting's cover letter text (git config posting.NAME.description)
	# in the branch's description. The branch is deleted again at the end,
	# and its config with it: the text itself stays in posting.NAME.
	git -C "$LINUX_DIR" branch -q -f "posting/$d" "$end"
	if desc=$(git -C "$LINUX_DIR" config "posting.$d.description"); then
		git -C "$LINUX_DIR" config "branch.posting/$d.description" "$desc"
	fi
	# The cover letter carries the current date unless told otherwise: use
	# the newest commit's author date, so that nothing changes when nothing
	# changed. Its From: is the newest commit's author.
	date=$(git -C "$LINUX_DIR" log -1 --format=%ad --date=raw "$end")
	# "RFC PATCH" for a posting sent for comment (scripts/cover-letter.sh).
	prefix=$(git -C "$LINUX_DIR" config "posting.$d.prefix" || echo PATCH)
	opts=(-c core.abbrev=12 format-patch -q --subject-prefix="$prefix v$SERIES_REVISION"
	      --zero-commit --no-signature --stat=80 --summary)
	if git -C "$LINUX_DIR" config "branch.posting/$d.description" >/dev/null; then
		opts+=(--cover-letter --cover-from-description=subject)
	fi
	[ "$k" -gt 1 ] && opts+=(--numbered)
	mkdir -p "$tmp/raw/$d" "$tmp/out/$d"
	(
		export GIT_COMMITTER_DATE="$date"
		GIT_COMMITTER_NAME=$(git -C "$LINUX_DIR" log -1 --format=%an "$end")
		GIT_COMMITTER_EMAIL=$(git -C "$LINUX_DIR" log -1 --format=%ae "$end")
		export GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL
		git -C "$LINUX_DIR" "${opts[@]}" -o "$tmp/raw/$d" "$start..posting/$d"
		addr=()
		while read -r role who; do
			addr+=("--$role=$who")
		done < <(maintainers "$tmp/raw/$d"/[0-9][0-9][0-9][1-9]-*.patch)
		git -C "$LINUX_DIR" "${opts[@]}" "${addr[@]}" -o "$tmp/out/$d" "$start..posting/$d"
	)
	start=$end
done

# sign FILE: the patch's author (its From: header, which format-patch
# may fold) becomes $ident, in From: and in the author's own
# Signed-off-by:; other trailers stay. Nothing changes when the author
# is $ident already.
sign()
{
	IDENT=$ident perl -0pi -e '
		my $id = $ENV{IDENT};
		if (/^From [0-9a-f]{40} .*\nFrom: (.*(?:\n[ \t].*)*)\n/) {
			(my $old = $1) =~ s/\n[ \t]+/ /g;
			if ($old ne $id) {
				s/^(From [0-9a-f]{40} .*\n)From: .*(?:\n[ \t].*)*\n/$1From: $id\n/;
				my $q = quotemeta($old);
				s/^Signed-off-by: $q\n/Signed-off-by: $id\n/mg;
				# A cover letter'\''s shortlog names the author.
				my ($on) = $old =~ /^(.*) </;
				my ($nn) = $id =~ /^(.*) </;
				s/^\Q$on\E (\(\d+\):)$/$nn $1/mg;
			}
		}' "$1"
}
for f in "$tmp"/out/*/*.patch; do
	sign "$f"
done

# Replace only what changed, so mtimes and git stay quiet otherwise.
mkdir -p "$out"
for f in "$out"/*/*.patch "$out"/*.patch; do
	[ -e "$f" ] || continue
	rel=${f#"$out"/}
	[ -e "$tmp/out/$rel" ] || rm -f "$f"
done
for d in "$out"/*/; do
	[ -d "$d" ] && rmdir --ignore-fail-on-non-empty "$d"
done
for f in "$tmp"/out/*/*.patch; do
	rel=${f#"$tmp"/out/}
	mkdir -p "$out/${rel%/*}"
	cmp -s "$f" "$out/$rel" || cp "$f" "$out/$rel"
done
[ "$out" = "$TOP/patches" ] || cp "$TOP/patches/SERIES" "$out/SERIES"

if [ "$out" = "$TOP/patches" ]; then
	printf '%s %s\n' "$(patches_hash)" "$(git -C "$LINUX_DIR" rev-parse HEAD)" >"$LINUX_DIR/.git/harness-tree"
fi
