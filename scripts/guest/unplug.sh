# SPDX-License-Identifier: GPL-2.0
# The hot-plug round of the e2e check (after the kselftest, swap already
# off the stick): the host deletes the stick through QMP once while it is
# runtime-suspended and once under direct and buffered writes, and adds a
# fresh one after each. The runner lives in the initramfs and never depends
# on the stick. Prints KTAP; the host side is scripts/e2e-host.py, asked
# through "E2E-HOST: unplug|plug" lines on the console.
#
# usage: sh unplug.sh DISK
# shellcheck source=scripts/guest/lib.sh
. /e2e/lib.sh
# The kernel tree's KTAP helpers, copied in at run time.
# shellcheck disable=SC1091
. /e2e/kselftest/ktap_helpers.sh

disk=$1

# consistent: every device with power/runtime_memalloc_noio is marked
# exactly when it is on the chain of some disk or netdev. Writes the
# number of devices it looked at to /tmp/consistent.n and prints the
# offenders (device names may contain spaces: "Fixed MDIO bus.0").
consistent()
{
	local b
	for b in /sys/block/* /sys/class/net/*; do
		[ -e "$b" ] && chain "$b"
	done | sort -u >/tmp/on
	find /sys/devices -name runtime_memalloc_noio | while IFS= read -r f; do
		d=${f%/power/runtime_memalloc_noio}
		read -r v <"$f" || v=unreadable
		if grep -qxF "$d" /tmp/on; then want=1; else want=0; fi
		echo "$want $v ${d##*/}"
	done >/tmp/marks
	wc -l </tmp/marks >/tmp/consistent.n
	awk '$1 != $2 { v = $2; sub(/^[^ ]+ [^ ]+ /, ""); printf " %s(%s)", $0, v }' /tmp/marks >/tmp/bad
	[ ! -s /tmp/bad ]
}

check_consistent()
{
	consistent && return 0
	ktap_print_msg "marks that disagree with the chains:$(cat /tmp/bad)"
	return 1
}

# usb_dev_of DISK: the sysfs directory of the disk's USB device.
usb_dev_of()
{
	local d
	for d in $(chain "/sys/block/$1"); do
		[ -r "$d/busnum" ] && { echo "$d"; return 0; }
	done
	return 1
}

# gone DIR: the disk and its USB device have left sysfs (the USB device
# goes last).
gone()
{
	[ ! -e "$1" ]
}

# new_disk OLD_SYSFS_PATH: a USB disk at another place than the old one
# (the name itself may come back).
new_disk()
{
	local d
	d=$(find_usb_disk) || return 1
	[ "$(readlink -f "/sys/block/$d")" != "$1" ] && echo "$d"
}

# plug OLD_DISK: ask the host for a fresh stick; prints its disk name.
plug()
{
	local old
	old=$(readlink -f "/sys/block/$1")
	echo "E2E-HOST: plug" >/dev/console
	wait_for "new_disk $old" 60 || return 1
	new_disk "$old"
}

unmarked()
{
	local d
	for d in $(chain "/sys/block/$1"); do
		[ -e "$d/power/runtime_memalloc_noio" ] || continue
		[ "$(cat "$d/power/runtime_memalloc_noio")" = 1 ] || echo "${d##*/}"
	done
}

# marked DISK: every device from the disk to the root is marked (within
# 5 s of the disk showing up: add_disk() marks after the node appears).
marked()
{
	wait_for "[ -z \"\$(unmarked $1)\" ]" 5 && return 0
	ktap_print_msg "not marked on the chain of $1: $(unmarked "$1" | tr '\n' ' ')"
	return 1
}

ktap_print_header
ktap_set_plan 6
# On a kernel without the attribute (a base kernel, or
# CONFIG_PM_ADVANCED_DEBUG off) the mark checks are skipped; the unplugs
# and re-plugs are still checked.
marks=
[ -e "/sys/block/$disk/device/power/runtime_memalloc_noio" ] && marks=1

# 1. Unplug while the whole USB chain is runtime-suspended; a stick whose
# driver has no runtime PM (uas in 6.12: supports_autosuspend is 0) never
# suspends, and is unplugged idle instead (the case says so in its name).
for d in $(chain "/sys/block/$disk"); do
	[ -w "$d/power/control" ] && echo auto >"$d/power/control"
	[ -w "$d/power/autosuspend_delay_ms" ] && echo 100 >"$d/power/autosuspend_delay_ms"
done
usb_dev=$(usb_dev_of "$disk")
suspended()
{
	[ "$(cat "$usb_dev/power/runtime_status" 2>/dev/null)" = suspended ]
}
case1=unplug_suspended
no_rpm=
for d in "$usb_dev"/*:*; do
	[ "$(cat "$d/supports_autosuspend" 2>/dev/null)" = 0 ] || continue
	no_rpm="$(basename "$(readlink -f "$d/driver")") has no runtime PM"
	case1=unplug_idle
done
dmesg_lines=$(dmesg | wc -l)
if [ -z "$no_rpm" ] && ! wait_for suspended 30; then
	ktap_test_fail "$case1: ${usb_dev##*/} did not suspend in 30 s"
else
	[ -z "$no_rpm" ] || ktap_print_msg "$no_rpm: the stick is unplugged idle, not suspended"
	echo "E2E-HOST: unplug" >/dev/console
	t0=$(date +%s)
	if wait_for "gone $usb_dev" 60; then
		dmesg | tail -n +$((dmesg_lines + 1)) | grep -m1 'USB disconnect' |
			sed 's/^/# kernel: /'
		ktap_test_pass "$case1: $disk gone $(( $(date +%s) - t0 )) s after the request"
	else
		ktap_test_fail "$case1: $disk still there 60 s after the request"
	fi
fi

# 2. What the old chain leaves behind: the hub, controller and PCI devices
# that stay must be unmarked unless another disk or netdev sits below them.
if [ -z "$marks" ]; then
	ktap_test_skip "unplug_left_no_marks: no power/runtime_memalloc_noio"
elif check_consistent; then
	ktap_test_pass "unplug_left_no_marks: $(cat /tmp/consistent.n) devices agree with the chains"
else
	ktap_test_fail "unplug_left_no_marks: $(cat /tmp/consistent.n) devices checked"
fi

# replug CASE OLD_DISK: one KTAP case: a fresh stick replaces OLD_DISK and
# its chain is marked, every other mark agreeing with the chains. Sets
# new_disk_name (empty when no disk came).
replug()
{
	new_disk_name=
	if ! new_disk_name=$(plug "$2"); then
		new_disk_name=
		ktap_test_fail "$1: no new USB disk 60 s after the request"
	elif [ -z "$marks" ]; then
		ktap_test_skip "$1: $new_disk_name appeared; no power/runtime_memalloc_noio"
	elif marked "$new_disk_name" && check_consistent; then
		ktap_test_pass "$1: $new_disk_name and its $(chain "/sys/block/$new_disk_name" | wc -l) ancestors"
	else
		ktap_test_fail "$1: $new_disk_name"
	fi
}

# 3. A fresh stick: its chain is marked again.
replug replug_chain_marked "$disk"
disk2=$new_disk_name
# Without a second stick the rest cannot run: the missing cases fail.
if [ -z "$disk2" ] || [ ! -e "/sys/block/$disk2" ]; then
	ktap_finished
fi
usb_dev=$(usb_dev_of "$disk2")

# 4. Unplug under I/O: direct writes, buffered writes (fsync'ed) and
# direct reads, each a loop on a descriptor opened before the unplug, so
# that nothing can create a stale /dev node. A loop ends only when dd fails.
stream()
{
	local name=$1
	shift
	exec 3<>"/dev/$disk2" || exit 2
	while dd "$@" bs=64k count=256 2>"/tmp/$name.err"; do :; done
	exit 1
}
sectors=$(cat "/sys/block/$disk2/size")
stream direct_writes if=/dev/zero of=/proc/self/fd/3 oflag=direct conv=notrunc &
w1=$!
stream buffered_writes if=/dev/zero of=/proc/self/fd/3 conv=notrunc,fsync seek=$((sectors / 256)) &
w2=$!
stream direct_reads if=/proc/self/fd/3 of=/dev/null iflag=direct skip=$((sectors / 512)) &
r1=$!
io0=$(awk '{ print $3 + $7 }' "/sys/block/$disk2/stat")
busy()
{
	[ "$(awk '{ print $3 + $7 }' "/sys/block/$disk2/stat")" -gt $((io0 + 8192)) ]
}
wait_for busy 30 || ktap_print_msg "the streams moved less than 4 MiB in 30 s"
dmesg_lines=$(dmesg | wc -l)
echo "E2E-HOST: unplug" >/dev/console
t0=$(date +%s)
if wait_for "gone $usb_dev" 60; then
	ktap_test_pass "unplug_under_io: $disk2 gone $(( $(date +%s) - t0 )) s after the request"
else
	ktap_test_fail "unplug_under_io: $disk2 still there 60 s after the request"
fi

# 5. Every stream ends with an I/O error reported; none hangs.
alive()
{
	kill -0 "$w1" 2>/dev/null || kill -0 "$w2" 2>/dev/null || kill -0 "$r1" 2>/dev/null
}
wait_for "! alive" 60
ended=0
for p in $w1 $w2 $r1; do
	if kill -0 "$p" 2>/dev/null; then
		ktap_print_msg "stream $p still running 60 s after the unplug"
		kill "$p"
	else
		ended=$((ended + 1))
	fi
done
wait
errs=0
for f in direct_writes buffered_writes direct_reads; do
	msg=$(grep -m1 '^dd: ' "/tmp/$f.err")
	[ -n "$msg" ] && errs=$((errs + 1))
	ktap_print_msg "$f: ${msg:-no error message}"
done
n=$(dmesg | tail -n +$((dmesg_lines + 1)) | grep -ciE 'I/O error|rejecting I/O|disconnect')
ktap_print_msg "kernel log: $n disconnect or I/O error lines since the request"
if [ "$ended" -eq 3 ] && [ "$errs" -eq 3 ]; then
	ktap_test_pass "unplug_io_errors: 3 I/O streams ended, each with an error from dd"
else
	ktap_test_fail "unplug_io_errors: $ended of 3 streams ended, $errs reported an error"
fi

# 6. And a fresh stick once more.
replug replug2_chain_marked "$disk2"
ktap_finished
