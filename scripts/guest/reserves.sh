# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash
# The reserves mode (scripts/e2e-reserves.sh): what the usb-storage thread
# allocates with __GFP_MEMALLOC for a command, counted from the kmem trace
# events of that thread alone (set_event_pid), while it carries:
#   small     N O_DIRECT reads of 4 KiB, one at a time
#   large     N O_DIRECT reads of max_hw_sectors_kb each, one at a time
#   parallel  4 readers at once, N/4 reads of 4 KiB each
# and, on a controller whose own allocation per URB shows in the kmem
# events (xHCI), what the driver sends outside its thread and the SCSI
# error handler: the interface is unbound and bound again, with every task
# traced, and the LUN scan's GET MAX LUN (sent from a kworker) must take
# nothing from the reserves.
# Commands are counted from the disk's stat (reads completed). An
# allocation is counted whether or not it had to go below the min
# watermark (there is no memory pressure here), so the count is what a
# command may take from the reserves, at most. Prints KTAP; the bounds come
# from the kernel command line (e2e.objs_max, objects per command, and
# e2e.pages_max, pages per workload), set by scripts/e2e-reserves.sh for
# the controller it boots with.
# shellcheck source=scripts/guest/lib.sh
. /e2e/lib.sh

n=64
objs_max=0
hc_site=
hc_urbs=0
pages_max=0
# shellcheck disable=SC2013
for arg in $(cat /proc/cmdline); do
	case $arg in
	e2e.objs_max=*) objs_max=${arg#e2e.objs_max=} ;;
	e2e.pages_max=*) pages_max=${arg#e2e.pages_max=} ;;
	e2e.reads=*) n=${arg#e2e.reads=} ;;
	e2e.hc_site=*) hc_site=${arg#e2e.hc_site=} ;;
	e2e.hc_urbs=*) hc_urbs=${arg#e2e.hc_urbs=} ;;
	esac
done

T=/sys/kernel/tracing
mount -t tracefs nodev "$T" 2>/dev/null
wait_for find_usb_disk 30 || { echo "e2e: FAIL: no USB disk appeared"; exit 1; }
disk=$(find_usb_disk)
pid=
for p in /proc/[0-9]*; do
	[ "$(cat "$p/comm" 2>/dev/null)" = usb-storage ] && { pid=${p#/proc/}; break; }
done
[ -n "$pid" ] || { echo "e2e: FAIL: no usb-storage thread"; exit 1; }
[ -d "$T/events/kmem" ] || { echo "e2e: FAIL: no kmem trace events in $T"; exit 1; }
hc=
for d in $(chain "/sys/block/$disk"); do
	case $(driver_of "$d") in
	xhci* | ehci* | ohci* | uhci*) hc=$(driver_of "$d") ;;
	esac
done
for d in $(chain "/sys/block/$disk"); do
	[ -w "$d/power/control" ] && echo on >"$d/power/control"
done
large_kb=$(cat "/sys/block/$disk/queue/max_hw_sectors_kb")
echo "e2e: $disk, usb-storage thread $pid, controller driver ${hc:-?}, $n reads per workload, large reads of $large_kb KiB"

echo 8192 >"$T/buffer_size_kb"
echo "$pid" >"$T/set_event_pid"
for e in kmalloc kmem_cache_alloc mm_page_alloc; do
	echo 1 >"$T/events/kmem/$e/enable"
done

# Reads completed on the disk (the first field of its stat).
reads()
{
	local r
	read -r r _ <"/sys/block/$disk/stat"
	echo "$r"
}

# load NAME BS COUNT PROCS: PROCS readers of COUNT reads of BS KiB each.
load()
{
	local name=$1 bs=$2 count=$3 procs=$4 r0 r1 i
	echo 0 >"$T/tracing_on"
	: >"$T/trace"
	r0=$(reads)
	echo 1 >"$T/tracing_on"
	i=0
	while [ "$i" -lt "$procs" ]; do
		dd if="/dev/$disk" of=/dev/null bs="${bs}k" count="$count" skip=$((i * count * 4)) \
			iflag=direct 2>/dev/null &
		i=$((i + 1))
	done
	wait
	echo 0 >"$T/tracing_on"
	r1=$(reads)
	grep '__GFP_MEMALLOC' "$T/trace" >"/tmp/$name.trace"
	cmds=$((r1 - r0))
	objs=$(grep -c -e ' kmalloc:' -e ' kmem_cache_alloc:' "/tmp/$name.trace")
	# 2^order pages each; shell arithmetic, as busybox's awk may lack "^".
	pages=$(sed -n 's/.* mm_page_alloc:.* order=\([0-9]*\) .*/\1/p' "/tmp/$name.trace" |
		{ p=0; while read -r o; do p=$((p + (1 << o))); done; echo "$p"; })
	# Objects per command, in hundredths.
	per=0
	[ "$cmds" -gt 0 ] && per=$((objs * 100 / cmds))
	eval "cmds_$name=$cmds objs_$name=$objs pages_$name=$pages per_$name=$per"
	ktap_print_msg "$name: $cmds commands, $objs objects and $pages pages with __GFP_MEMALLOC, $((per / 100)).$(printf %02d $((per % 100))) objects per command; by call site:"
	sed -n 's/.*call_site=\([^ +]*\).*/\1/p' "/tmp/$name.trace" | sort | uniq -c |
		while read -r c s; do ktap_print_msg "  $c $s"; done
}

ktap_print_msg()
{
	echo "# $*"
}

i=0
ok()
{
	i=$((i + 1))
	if eval "$2"; then echo "ok $i $1"; else echo "not ok $i $1"; fi
}

echo "E2E-KTAP-BEGIN"
echo "KTAP version 1"
echo "1..7"
load small 4 "$n" 1
load large "$large_kb" "$n" 1
load parallel 4 $((n / 4)) 4
# The conditions are evaluated by ok(), after the eval in load() set them.
# shellcheck disable=SC2154,SC2016
{
ok "urbs_memalloc: the commands' URBs are allocated with __GFP_MEMALLOC ($((per_small / 100)) per 4 KiB read)" \
	'[ "$cmds_small" -ge "$n" ] && [ "$per_small" -ge 100 ]'
if [ -n "$hc_site" ]; then
	site_small=$(grep -c "call_site=$hc_site+" /tmp/small.trace)
	ok "hc_per_urb: $hc_site() allocates for each of a command's $hc_urbs URBs with __GFP_MEMALLOC ($site_small for $cmds_small commands)" \
		'[ "$site_small" -ge $((hc_urbs * cmds_small)) ]'
else
	i=$((i + 1))
	echo "ok $i hc_per_urb: the controller's own allocation per URB # SKIP no kmem event shows it on this controller (e2e.hc_site unset)"
fi
ok "objs_bound: at most $objs_max objects per command, whatever the size and the readers" \
	'[ "$per_small" -le $((objs_max * 100)) ] && [ "$per_large" -le $((objs_max * 100)) ] && [ "$per_parallel" -le $((objs_max * 100)) ]'
ok "size: a $large_kb KiB read takes no more objects than a 4 KiB one" \
	'[ "$cmds_large" -ge "$n" ] && [ "$per_large" -le "$per_small" ]'
ok "readers: 4 readers at once take no more objects per command than one" \
	'[ "$cmds_parallel" -ge "$n" ] && [ "$per_parallel" -le "$per_small" ]'
ok "pages: at most $pages_max pages per workload of $n commands" \
	'[ "$pages_small" -le "$pages_max" ] && [ "$pages_large" -le "$pages_max" ] && [ "$pages_parallel" -le "$pages_max" ]'
}

# The rebind: every task traced, the usb-storage threads' lines left out.
# shellcheck disable=SC2016
if [ -n "$hc_site" ]; then
	intf=
	for d in /sys/bus/usb/drivers/usb-storage/*:*; do
		[ -e "$d" ] && { intf=${d##*/}; break; }
	done
	echo 0 >"$T/tracing_on"
	: >"$T/trace"
	echo >"$T/set_event_pid"
	echo 1 >"$T/tracing_on"
	echo "$intf" >/sys/bus/usb/drivers/usb-storage/unbind
	echo "$intf" >/sys/bus/usb/drivers/usb-storage/bind
	wait_for find_usb_disk 30
	# The scan work runs after delay_use (1 s); give it time to finish.
	sleep 3
	echo 0 >"$T/tracing_on"
	grep '__GFP_MEMALLOC' "$T/trace" | grep -v ' usb-storage-[0-9]' >/tmp/others.trace
	# Commands the new thread carried: the scan's INQUIRY and the rest.
	thread_n=$(grep '__GFP_MEMALLOC' "$T/trace" | grep -c ' usb-storage-[0-9]')
	others=$(grep -c . /tmp/others.trace)
	ktap_print_msg "rebind of $intf: $others allocations with __GFP_MEMALLOC by other tasks, $thread_n by the usb-storage thread"
	sed 's/^ *//' /tmp/others.trace | cut -c1-160 | head -5 |
		while read -r l; do ktap_print_msg "  $l"; done
	ok "others_none: a message sent outside the thread and the error handler (the LUN scan of a rebind) takes nothing from the reserves ($others allocations)" \
		'[ -n "$intf" ] && [ "$thread_n" -gt 0 ] && [ "$others" -eq 0 ]'
else
	i=$((i + 1))
	echo "ok $i others_none: messages outside the thread # SKIP the controller's allocation per URB shows in no kmem event here (e2e.hc_site unset)"
fi
echo "E2E-KTAP-END"
for e in kmalloc kmem_cache_alloc mm_page_alloc; do
	echo 0 >"$T/events/kmem/$e/enable"
done
exit 0
