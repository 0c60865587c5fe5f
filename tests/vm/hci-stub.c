/*
 * hci-stub.c — test-only: the smallest Bluetooth controller the kernel will
 * power up, behind /dev/vhci, for the VM scenario 20 (Debian 12's btvirt
 * cannot create its controllers under this kernel: btdev_create fails after
 * the vhci handshake).
 *
 * Protocol: Bluetooth Core Specification, Vol 4 Part E (HCI): commands come
 * as H:4 packets (0x01, opcode LE16, length, parameters), events go back
 * (0x04, code, length, parameters).  Every command gets a Command Complete
 * with status 0 and zeroed return parameters long enough for any reply the
 * kernel reads (it only warns about longer ones), except: Read BD_ADDR (an
 * address), Read Buffer Size (usable sizes), Inquiry (Command Status, then
 * a second later one Inquiry Result for a neighbour at 00:11:22:33:44:55,
 * then Inquiry Complete)
 * and Remote Name Request (Command Status, then its completion with a
 * name).  Zeroed features mean a BR/EDR controller without LE.
 *
 *   hci-stub [NEIGHBOURS]   NEIGHBOURS 0 or 1 (default 1): devices an
 *                           inquiry finds
 * Runs until killed.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int fd;

static void event(uint8_t code, const uint8_t *p, size_t len)
{
	uint8_t buf[260] = { 0x04, code, (uint8_t)len };
	memcpy(buf + 3, p, len);
	if (write(fd, buf, 3 + len) < 0)
		perror("hci-stub: write");
}

static void complete(uint16_t op, const uint8_t *rp, size_t rlen)
{
	uint8_t p[255] = { 1, (uint8_t)op, (uint8_t)(op >> 8) };
	/* status 0, then the return parameters, zeros up to 252 bytes */
	if (rlen)
		memcpy(p + 4, rp, rlen);
	event(0x0e, p, 255);
}

static void status(uint16_t op)
{
	uint8_t p[4] = { 0, 1, (uint8_t)op, (uint8_t)(op >> 8) };
	event(0x0f, p, sizeof(p));
}

int main(int argc, char **argv)
{
	int neighbours = argc > 1 ? atoi(argv[1]) : 1;
	const uint8_t peer[6] = { 0x55, 0x44, 0x33, 0x22, 0x11, 0x00 };
	fd = open("/dev/vhci", O_RDWR);
	if (fd < 0) {
		perror("hci-stub: /dev/vhci");
		return 1;
	}
	uint8_t create[2] = { 0xff, 0x00 }; /* vendor packet: a primary controller */
	if (write(fd, create, 2) != 2) {
		perror("hci-stub: create");
		return 1;
	}
	uint8_t buf[1100];
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n <= 0)
			return n < 0;
		if (buf[0] != 0x01 || n < 4)
			continue; /* the vendor answer, ACL data: ignored */
		uint16_t op = (uint16_t)(buf[1] | buf[2] << 8);
		switch (op) {
		case 0x1009: { /* Read BD_ADDR */
			const uint8_t addr[6] = { 0x01, 0x00, 0x00, 0xce, 0xec, 0x0e };
			complete(op, addr, 6);
			break;
		}
		case 0x1005: { /* Read Buffer Size: ACL 1021 × 8, SCO 64 × 8 */
			const uint8_t rp[7] = { 0xfd, 0x03, 64, 8, 0, 8, 0 };
			complete(op, rp, sizeof(rp));
			break;
		}
		case 0x0401: { /* Inquiry */
			status(op);
			/* as a real controller, answer after a while: the kernel
			 * counts results only once its discovery is under way */
			sleep(1);
			if (neighbours) {
				uint8_t r[15] = { 1 };
				memcpy(r + 1, peer, 6);
				r[7] = 1;     /* page scan repetition mode R1 */
				r[10] = 0x0c; /* class of device: phone, smartphone */
				r[11] = 0x02;
				r[12] = 0x5a;
				event(0x02, r, sizeof(r)); /* Inquiry Result */
				sleep(1);
			}
			uint8_t done = 0;
			event(0x01, &done, 1); /* Inquiry Complete */
			break;
		}
		case 0x0419: { /* Remote Name Request */
			status(op);
			uint8_t r[255] = { 0 };
			memcpy(r + 1, buf + 4, 6);
			memcpy(r + 7, "reco-phone", 10);
			event(0x07, r, sizeof(r));
			break;
		}
		default:
			complete(op, NULL, 0);
		}
	}
}
