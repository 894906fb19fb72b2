#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The cover letter round trip. "import NAME" sets posting.NAME.description
# in build/linux's git config from patches/NAME/0000-cover-letter.patch (and
# removes it when the posting has none); "make export" writes it back with
# format-patch --cover-from-description (and posting.NAME.prefix, "RFC
# PATCH" for a posting sent for comment). The shortlog and diffstat are not
# part of the description: git generates them.
set -eu
. "$(dirname "$0")/lib.sh"

case ${1:-} in
import)
	name=${2:?usage: $0 import POSTING}
	CL=$TOP/patches/$name/0000-cover-letter.patch
	key=posting.$name.description
	if [ ! -f "$CL" ]; then
		git -C "$LINUX_DIR" config --unset-all "$key" 2>/dev/null || true
		exit 0
	fi
	# Subject: header (possibly folded) without the [PATCH ...] tag, a blank
	# line, then the body up to the shortlog's "Author (N):" line.
	desc=$(awk '
		/^$/ && !inbody { inbody = 1; if (subj != "") print subj; print ""; next }
		!inbody && /^Subject: / { sub(/^Subject: (\[[^]]*\] )?/, ""); subj = $0; insubj = 1; next }
		!inbody && insubj && /^[ \t]/ { sub(/^[ \t]+/, " "); subj = subj $0; next }
		!inbody { insubj = 0; next }
		inbody && /^[^ ].* \([0-9]+\):$/ { exit }
		inbody { print }
	' "$CL")
	git -C "$LINUX_DIR" config "$key" "$desc"
	# An RFC posting: its Subject: tag starts "[RFC PATCH"; make export
	# writes it back from posting.NAME.prefix.
	if grep -q '^Subject: \[RFC PATCH' "$CL"; then
		git -C "$LINUX_DIR" config "posting.$name.prefix" "RFC PATCH"
	else
		git -C "$LINUX_DIR" config --unset-all "posting.$name.prefix" 2>/dev/null || true
	fi
	;;
*)
	echo "usage: $0 import POSTING" >&2
	exit 2
	;;
esac
