#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The cover letter round trip. "import" sets build/linux's branch description
# from patches/0000-cover-letter.patch; format-patch --cover-from-description
# writes it back on "make export". The shortlog and diffstat are not part of
# the description: git generates them.
set -eu
. "$(dirname "$0")/lib.sh"

CL=$TOP/patches/0000-cover-letter.patch

case ${1:-} in
import)
	[ -f "$CL" ] || exit 0
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
	git -C "$LINUX_DIR" config branch.series.description "$desc"
	;;
*)
	echo "usage: $0 import" >&2
	exit 2
	;;
esac
