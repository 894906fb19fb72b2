// SPDX-License-Identifier: GPL-2.0
/*
 * noio-reset: reset a USB device or a SCSI device from user space, for the
 * e2e rig.
 *
 *   noio-reset usb  /dev/bus/usb/BBB/DDD     USBDEVFS_RESET
 *   noio-reset scsi /dev/sgN [device|target|bus|host]   SG_SCSI_RESET
 *
 * Exit status 0 on success; the error is printed otherwise.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/usbdevice_fs.h>
#include <scsi/sg.h>

/* Older C libraries lack it; the value is the kernel's ABI. */
#ifndef SG_SCSI_RESET_TARGET
#define SG_SCSI_RESET_TARGET 4
#endif

static int usage(void)
{
	fprintf(stderr, "usage: noio-reset usb /dev/bus/usb/BBB/DDD\n"
			"       noio-reset scsi /dev/sgN [device|target|bus|host]\n");
	return 2;
}

int main(int argc, char **argv)
{
	int fd, ret, what = SG_SCSI_RESET_DEVICE;

	if (argc < 3)
		return usage();
	fd = open(argv[2], O_RDWR | O_NONBLOCK);
	if (fd < 0) {
		fprintf(stderr, "noio-reset: %s: %s\n", argv[2], strerror(errno));
		return 1;
	}
	if (!strcmp(argv[1], "usb")) {
		ret = ioctl(fd, USBDEVFS_RESET, 0);
	} else if (!strcmp(argv[1], "scsi")) {
		if (argc > 3 && !strcmp(argv[3], "target"))
			what = SG_SCSI_RESET_TARGET;
		else if (argc > 3 && !strcmp(argv[3], "bus"))
			what = SG_SCSI_RESET_BUS;
		else if (argc > 3 && !strcmp(argv[3], "host"))
			what = SG_SCSI_RESET_HOST;
		ret = ioctl(fd, SG_SCSI_RESET, &what);
	} else {
		close(fd);
		return usage();
	}
	if (ret < 0) {
		fprintf(stderr, "noio-reset: %s reset of %s: %s\n", argv[1], argv[2],
			strerror(errno));
		close(fd);
		return 1;
	}
	close(fd);
	return 0;
}
