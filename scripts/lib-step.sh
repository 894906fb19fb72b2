#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# lib-step.sh NAME CMD...: run CMD as a named, timed step.
set -eu
. "$(dirname "$0")/lib.sh"
step "$@"
