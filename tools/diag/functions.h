/*
 * functions.h — the measurement side of the function parts of `reco diag`:
 * what a family uses every day (Wi-Fi, Bluetooth, Ethernet, sound, camera,
 * USB ports, the screen, power, optical drive and card reader).
 *
 * Each part reads what the kernel already exposes — sysfs (under a root
 * prefix, so captured trees are fixtures), the kernel log, and the live
 * interfaces of the field's libraries: nl80211 through libnl-genl, the
 * Bluetooth management socket, ALSA's alsa-lib, V4L2 ioctls — and fills one
 * struct diag_part per device it finds: integer metrics the rule table reads,
 * and details as data (measurements and codes, never sentences: the words are
 * chosen when rendering).  A part that finds no device returns 0 parts; the
 * caller records the function as ABSENT.  A live measurement that could not
 * run leaves its metric unset and sets the part's state (a DIAG_SKIP_* code
 * of the states table), so that it is NOT_TESTED with its reason, never
 * PASS; the rows of rules.c turn the metrics into verdicts.
 *
 * The pure pieces (kernel log lines, 802.11 information elements, Bluetooth
 * management events, HDA pin configurations, tone detection, frame
 * statistics, USB speed rules, EDID/mode checks) are separate functions with
 * unit tests and, where the bytes come from a device, fuzz harnesses.
 * Nothing here prints or exits.
 */
#ifndef RECO_DIAG_FUNCTIONS_H
#define RECO_DIAG_FUNCTIONS_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"

/* Why a live measurement did not run: codes of the states table (rules.c),
 * set with diag_fn_skip() so that the part is NOT_TESTED with that reason. */
#define DIAG_SKIP_NO_LIVE "live_only"          /* --root: not this machine's devices */
#define DIAG_SKIP_READ_ONLY "not_in_mode"      /* Repair Café: nothing is changed */
#define DIAG_SKIP_RADIO_SOFT "radio_off_soft"  /* the radio is switched off (system) */
#define DIAG_SKIP_RADIO_HARD "radio_off_hard"  /* ... by a key or switch (detail: its name) */
#define DIAG_SKIP_ERROR "could_not_run"        /* the call failed (detail: the system's words) */
#define DIAG_SKIP_PERMISSION "no_permission"   /* needs root */
#define DIAG_SKIP_NO_MEDIUM "no_medium"        /* no disc, no card in the slot */
/* Why the speaker->microphone test did not run (details.loopback_skipped). */
#define DIAG_SKIP_NO_PAIR "no_speaker_mic_pair" /* no built-in speaker + microphone */
#define DIAG_SKIP_NOT_LAPTOP "not_a_laptop"    /* speaker->microphone only on laptops */

/* ---- firmware load failures from the kernel log (fwlog.c) -------------- */

#define DIAG_FW_MAX 64

struct diag_fw_fail {
	char who[80];   /* the message's device prefix: "iwlwifi 0000:02:00.0",
			 * "Bluetooth: hci0" */
	char file[128]; /* the firmware file named, "" when the line names none */
	int err;        /* the errno given (positive), 0 when none */
};

struct diag_fw_log {
	int read;       /* 1 when a kernel log was read */
	size_t n;
	struct diag_fw_fail f[DIAG_FW_MAX];
};

/* Parses kernel log text — /dev/kmsg records ("6,339,5140900,-;text", with
 * " KEY=value" continuation lines) or plain lines, one message a line — and
 * appends each firmware load failure to log (duplicates of the same who and
 * file once; at most DIAG_FW_MAX).  Never reads outside [text, text + len);
 * text need not be NUL-terminated.  Returns the number of failures found. */
size_t diag_fwlog_parse(const char *text, size_t len, struct diag_fw_log *log);

/* Reads the kernel log: root's /dev/kmsg (a record device on the running
 * system, read without blocking; a text file in a captured tree).  0, or
 * -errno (-EPERM without root: log->read stays 0). */
int diag_fwlog_read(const char *root, struct diag_fw_log *log);

/* 1 when the failure f concerns the device bus_id ("0000:02:00.0", "1-4",
 * "hci0"): the last word of its prefix is bus_id or bus_id followed by
 * ':' ("1-4:1.0"). */
int diag_fw_fail_matches(const struct diag_fw_fail *f, const char *bus_id);

/* ---- rfkill (rfkill.c) -------------------------------------------------- */

#define DIAG_RFKILL_MAX 32

struct diag_rfkill {
	char name[64];   /* "phy0", "hci0", "hp-wifi", "ideapad_wlan" */
	char type[16];   /* "wlan", "bluetooth", "wwan", "all" */
	char owner[64];  /* basename of its device link ("phy0", "hci0", "hp-wmi") */
	int soft, hard;  /* 1 blocked */
};

/* Reads root/sys/class/rfkill.  Number of entries, or 0. */
size_t diag_rfkill_read(const char *root, struct diag_rfkill *out, size_t max);

/* The blocking state of the radio named own ("phy0", "hci0") of type type:
 * its own switch and every platform switch of the same type (or "all").
 * *soft / *hard 1 when blocked; sw gets the name of the switch that blocks
 * in hardware (a platform one first: that is the key or slider the volunteer
 * can find), "" when none.  Returns 1 when own has an rfkill entry. */
int diag_rfkill_state(const struct diag_rfkill *list, size_t n, const char *type, const char *own,
		      int *soft, int *hard, char *sw, size_t sw_size);

/* ---- shared facts (functions.c) ---------------------------------------- */

struct diag_fn_ctx {
	const char *root;        /* "" the running system */
	int live;                /* 1: open devices and sockets (0 under --root) */
	int read_only;           /* 1: change nothing, not even for a moment */
	int laptop;              /* 1: SMBIOS says portable (speaker→mic test) */
	unsigned budget_ms;      /* per live measurement; 0: the part's default */
	const struct diag_fw_log *fw; /* read once by the caller; may be NULL */
	const struct diag_rfkill *rfkill;
	size_t n_rfkill;
	/* the workshop's Wi-Fi network (reco.conf [wifi] ssid/passphrase) */
	const char *wifi_ssid, *wifi_psk;
	/* block devices that are not the machine's (the boot stick...) */
	const char *const *exclude;
	size_t n_exclude;
};

/* 1 when the chassis type code (SMBIOS 7.4.1) is a portable one: portable,
 * laptop, notebook, hand held, sub notebook, tablet, convertible,
 * detachable. */
int diag_chassis_is_portable(unsigned type);

/* Fills what every part shares, read once: laptop from
 * /sys/class/dmi/id/chassis_type.  fw and rfkill are the caller's storage,
 * filled here (the kernel log is read only when live or a captured
 * dev/kmsg exists). */
void diag_fn_ctx_init(struct diag_fn_ctx *c, const char *root, int live, struct diag_fw_log *fw,
		      struct diag_rfkill *rf, size_t rf_max);

/* A function part's reader (the `read` of its row in parts.c): one part
 * per device into out (at most max), or 0 when the machine has none. */
typedef int (*diag_fn_reader)(const struct diag_fn_ctx *c, struct diag_part *out, size_t max);

/* Reads the workshop's Wi-Fi network from a reco.conf file: the keys
 * wifi_ssid and wifi_passphrase ("" when absent).  0 or -errno. */
int diag_fn_read_conf(const char *path, char *ssid, size_t ssid_size, char *psk, size_t psk_size);

/* The rfkill state of the radio own (type "wlan", "bluetooth") into p:
 * metrics m_soft/m_hard, details.rfkill {soft, hard, switch}; when
 * blocked, p is NOT_TESTED (radio_off_hard with the switch named, or
 * radio_off_soft).  Returns 1 when blocked. */
int diag_fn_radio_blocked(const struct diag_fn_ctx *c, struct diag_part *p, const char *type, const char *own,
			  const char *m_soft, const char *m_hard);

/* Marks p NOT_TESTED for the state code (DIAG_SKIP_*) with detail, or the
 * system's words for err when detail is NULL and err != 0 (details.errno
 * gets err). */
void diag_fn_skip(struct diag_part *p, const char *code, const char *detail, int err);

/* The firmware failures of bus_id as a details array "firmware_failed"
 * [{file, errno}] and their count in metric name; returns the count. */
int diag_fn_fw_failures(const struct diag_fn_ctx *c, struct diag_part *p, const char *bus_id,
			const char *metric);

/* Sets (up = 1) or clears IFF_UP on a network interface; *was_up (when
 * not NULL) gets the state before.  0 or -errno (-ERFKILL: radio blocked). */
int diag_if_set_up(const char *ifname, int up, int *was_up);

/* The device behind a sysfs class entry (root + class_path + "/device"):
 * bus ("pci", "usb"...), bus id ("0000:02:00.0", "1-4:1.0"), driver, and
 * "vendor:device" ids; each "" when unknown.  0 or -errno. */
struct diag_sysdev {
	char bus[16], id[64], driver[64], ids[16];
};
int diag_sysdev_read(const char *root, const char *class_path, struct diag_sysdev *d);
/* The PCI devices whose class attribute starts with cls ("0x0280"),
 * sorted, into out (at most max).  Returns the count. */
size_t diag_pci_class(const char *root, const char *cls, char (*out)[64], size_t max);
/* The sysdev of PCI device id ("0000:02:00.0") itself. */
void diag_pci_sysdev(const char *root, const char *id, struct diag_sysdev *d);
/* 1 when the sysfs entry class_path ("/sys/class/net/eth0") lies below the
 * device dev ("0000:00:03.0"): the device is that entry's, even through a
 * bus in between (virtio, SDIO, USB). */
int diag_sysfs_below(const char *root, const char *class_path, const char *dev);
/* Writes the sysdev fields into details (bus, bus_id, driver, ids). */
void diag_sysdev_json(const struct diag_sysdev *d, struct diag_part *p);

/* ---- Wi-Fi (wifi.c, wifi_scan.c, wifi_assoc.c) ------------------------- */

/* One scanned BSS, from the nl80211 attributes and its information
 * elements (IEEE 802.11-2020 9.4.2). */
struct diag_wifi_bss {
	uint32_t freq_mhz;
	int32_t signal_mbm;   /* dBm × 100; INT32_MIN unknown */
	int have_signal;
	uint8_t ssid[32];
	size_t ssid_len;
	int have_ssid;
	int rsn, wpa;         /* security elements present */
};

/* Walks information elements (id, length, payload...); fills ssid/rsn/wpa
 * in b.  Returns the number of whole elements, or -1 when the last one
 * overruns the buffer (what was read before stays). */
int diag_wifi_parse_ies(const uint8_t *ies, size_t len, struct diag_wifi_bss *b);

/* Parses one NL80211_ATTR_BSS nested attribute payload (a run of netlink
 * attributes, as in a GET_SCAN dump).  0, or -EINVAL when it holds no
 * frequency. */
int diag_wifi_parse_bss(const void *attrs, size_t len, struct diag_wifi_bss *b);

struct diag_wifi_scan {
	int done;            /* 1 the scan completed */
	int err;             /* -errno when it failed */
	unsigned networks;   /* BSSes seen */
	int32_t best_mbm;    /* best signal, dBm × 100 */
	unsigned bands;      /* bit 0: 2.4 GHz, 1: 5 GHz, 2: 6 GHz */
	int ssid_seen;       /* the workshop SSID was among them */
	uint64_t ms;
};

/* Adds one BSS to the summary (the workshop SSID compared when not NULL). */
void diag_wifi_scan_add(struct diag_wifi_scan *s, const struct diag_wifi_bss *b, const char *ssid);

/* Triggers an nl80211 scan on ifindex, waits for it (at most timeout_ms)
 * and summarises the results.  0 (s->done), or -errno. */
int diag_wifi_scan_run(int ifindex, unsigned timeout_ms, const char *ssid, struct diag_wifi_scan *s);

/* One part per wireless adapter: every /sys/class/ieee80211 phy, plus
 * every PCI network controller of class 0x0280 with none (no driver, or
 * its firmware failed).  Number of parts written to out, or -errno. */
int diag_wifi_read(const struct diag_fn_ctx *c, struct diag_part *out, size_t max);

/* The association with the workshop network through wpa_supplicant's
 * control interface (wifi_assoc.c): connects, waits for an IPv4 address on
 * ifname and an answer from the gateway.  Fills wifi.associated,
 * wifi.address, wifi.gateway_reached (as far as it got) and details. */
void diag_wifi_associate(const struct diag_fn_ctx *c, const char *ifname, struct diag_part *p);

/* ---- Bluetooth (bluetooth.c) -------------------------------------------- */

/* A Device Found event of the management interface (mgmt-api.txt):
 * address, address type, RSSI.  0, or -EINVAL when too short. */
struct diag_bt_found {
	uint8_t addr[6];
	uint8_t type;
	int8_t rssi;
};
int diag_bt_parse_found(const uint8_t *data, size_t len, struct diag_bt_found *f);

/* The controller index list answer (count, then 16-bit indexes).  Number
 * of indexes written to out (at most max), or -EINVAL when malformed. */
int diag_bt_parse_index_list(const uint8_t *data, size_t len, uint16_t *out, size_t max);

/* The address types a discovery asks for, from the controller's supported
 * settings (Read Controller Information): BR/EDR (0x01) and/or LE (0x06);
 * a BR/EDR-only controller of an older laptop must not be asked for LE. */
uint8_t diag_bt_discovery_types(uint32_t supported_settings);

/* One part per Bluetooth controller (/sys/class/bluetooth/hciN; live:
 * powered up through the management socket and a discovery of about
 * budget_ms).  Number of parts, or -errno. */
int diag_bluetooth_read(const struct diag_fn_ctx *c, struct diag_part *out, size_t max);

/* ---- Ethernet (ethernet.c) ---------------------------------------------- */

/* The fastest speed (Mb/s) in an ethtool link-mode bitmap (the
 * ETHTOOL_LINK_MODE_* bits of linux/ethtool.h), 0 when none is known. */
uint32_t diag_eth_max_speed(const uint32_t *modes, size_t nwords);

/* One part per wired port (physical, type ether, not wireless): carrier,
 * negotiated and best supported speed, duplex.  A down port is brought up
 * for the test (unless read-only) and put back down.  Number of parts. */
int diag_ethernet_read(const struct diag_fn_ctx *c, struct diag_part *out, size_t max);

/* ---- sound (sound.c, tone.c) -------------------------------------------- */

/* Relative power of frequency freq in n samples (Goertzel), as parts per
 * million of the signal's total power: ~500000 for a pure tone in one
 * channel's half of a stereo pair... see tone.c.  stride/offset pick one
 * channel of interleaved samples. */
uint32_t diag_tone_ppm(const int16_t *s, size_t frames, unsigned channels, unsigned ch,
		       unsigned rate, unsigned freq);
/* RMS level of one channel, in units of the sample (0..32767). */
uint32_t diag_tone_rms(const int16_t *s, size_t frames, unsigned channels, unsigned ch);
/* Fills n frames of interleaved stereo: freq_l on the left channel only
 * (0: silence), freq_r on the right, at amplitude amp, from frame index
 * start (so that consecutive buffers join). */
void diag_tone_fill(int16_t *s, size_t frames, unsigned rate, unsigned freq_l, unsigned freq_r,
		    int16_t amp, uint64_t start);

/* HD-audio pin default configurations (Intel HD Audio spec 7.3.3.31) from
 * /proc/asound/cardN/codec#M text ("Pin Default 0x90170110: ..."). */
struct diag_hda_pins {
	unsigned speakers;    /* pins whose default device is Speaker */
	unsigned mics;        /* Mic In */
	unsigned int_mics;    /* Mic In, fixed (built in) */
	unsigned headphones;  /* HP Out */
};
void diag_hda_parse_pins(const char *text, size_t len, struct diag_hda_pins *p);

/* One part per ALSA card: every PCM playback/capture device opened and run
 * at a standard rate (xruns counted); on laptops, a tone on each speaker
 * looked for in the built-in microphone's capture.  Number of parts. */
int diag_sound_read(const struct diag_fn_ctx *c, struct diag_part *out, size_t max);

/* ---- camera (camera.c, frame.c) ------------------------------------------ */

struct diag_frame_stats {
	uint32_t width, height;
	uint32_t samples;        /* luma samples looked at */
	uint32_t mean_milli;     /* mean luma × 1000 (0..255000) */
	uint32_t stddev_milli;   /* standard deviation × 1000 */
	uint32_t distinct;       /* distinct luma values (0..256) */
};

/* Luma statistics of one frame in a V4L2 pixel format (YUYV, YVYU, UYVY,
 * VYUY, GREY, NV12, NV21, YUV420, YVU420, RGB24, BGR24, RGB32-like 4-byte
 * formats).  bytesperline 0: tightly packed.  0, -ENOTSUP for another
 * format, -EINVAL when len is too short for width × height. */
int diag_frame_stats(uint32_t fourcc, const uint8_t *data, size_t len, uint32_t width, uint32_t height,
		     uint32_t bytesperline, struct diag_frame_stats *st);
/* 1 when fourcc is one diag_frame_stats reads. */
int diag_frame_format_known(uint32_t fourcc);
/* 1 when the frame is uniform: a black, covered or broken sensor (the
 * thresholds are in frame.c, with their reasons). */
int diag_frame_uniform(const struct diag_frame_stats *st);

/* ---- V4L2 streaming (v4l2.c), for camera.c and the guided preview ---- */

#define DIAG_V4L2_NBUF 4

struct diag_v4l2 {
	int fd;
	uint32_t fourcc, width, height, bpl; /* as the driver set them */
	struct {
		void *start;
		size_t len;
	} buf[DIAG_V4L2_NBUF];
	size_t nb;
	int streaming;
	const char *failed_at; /* "get_format", "format", "buffers", "mmap", "queue", "stream" */
};

struct diag_v4l2_frame {
	const uint8_t *data;     /* in the mapped buffer, until requeued */
	size_t len;
	uint64_t ts_us;
	uint32_t index;
	int bad;                 /* the driver flagged it (V4L2_BUF_FLAG_ERROR) */
};

/* ioctl, again on EINTR: 0 or -errno. */
int diag_v4l2_ioctl(int fd, unsigned long req, void *arg);
/* "YUYV" for a fourcc (non-printable bytes as '?'). */
void diag_fourcc_str(uint32_t f, char out[5]);
/* 1 a camera (video capture with streaming I/O, not memory-to-memory), 0
 * not a camera (a metadata or output node), -1 a capture device without
 * streaming I/O, -errno when VIDIOC_QUERYCAP fails. */
int diag_v4l2_is_camera(int fd);
/* The first uncompressed format frame.c reads, 0 when none; names (may be
 * NULL) gets every format's fourcc, *compressed whether one is MJPEG/H.264
 * or another compressed one. */
uint32_t diag_v4l2_native_format(int fd, json_t *names, int *compressed);
/* Sets fmt at the largest frame size within max_w × max_h, maps and
 * queues the buffers, starts the stream.  0, or -errno with s->failed_at;
 * diag_v4l2_stop() in both cases. */
int diag_v4l2_start(struct diag_v4l2 *s, int fd, uint32_t fmt, uint32_t max_w, uint32_t max_h);
/* The next frame within timeout_ms: 1 (fr filled; give it back with
 * diag_v4l2_requeue), 0 none yet, -errno. */
int diag_v4l2_next(struct diag_v4l2 *s, int timeout_ms, struct diag_v4l2_frame *fr);
void diag_v4l2_requeue(struct diag_v4l2 *s, const struct diag_v4l2_frame *fr);
/* Stream off, buffers unmapped (the device stays open). */
void diag_v4l2_stop(struct diag_v4l2 *s);

/* One part per V4L2 video capture device (metadata nodes skipped): streams
 * frames in its native uncompressed format at its largest size, records
 * resolution, frame rate and the last frame's statistics.  Number of parts. */
int diag_camera_read(const struct diag_fn_ctx *c, struct diag_part *out, size_t max);

/* ---- USB (usb.c) --------------------------------------------------------- */

/* "3.20" (the sysfs version attribute, bcdUSB) → 0x320; 0 when unreadable. */
unsigned diag_usb_bcd(const char *version);
/* 1 when a device of bcdUSB bcd runs at speed_mbps on a port that has a
 * SuperSpeed peer (a USB 3 connector): stuck at USB 2. */
int diag_usb_stuck_usb2(unsigned bcd, unsigned speed_mbps, int port_has_ss_peer);

/* One part per USB host controller (its root hubs and root ports, the
 * devices below it with port and negotiated speed).  Number of parts. */
int diag_usb_read(const struct diag_fn_ctx *c, struct diag_part *out, size_t max);

/* ---- screen (screen.c) --------------------------------------------------- */

/* 1 when a DRM connector name ("card0-eDP-1") is a built-in panel (eDP,
 * LVDS, DSI). */
int diag_connector_internal(const char *name);
/* 1 when the modes file text (one "WxH" a line) offers width × height. */
int diag_modes_offer(const char *modes, size_t len, unsigned width, unsigned height);

/* Exercises backlight name under root (/sys/class/backlight/name): a
 * brightness a quarter of the range away is written, actual_brightness
 * read back, the old value written again.  1 it followed, 0 it did not,
 * -errno when it could not be tried; the values go into out. */
int diag_backlight_check(const char *root, const char *name, json_t *out);

/* One part per built-in panel: EDID read and checked, native mode offered,
 * backlight set and read back (restored; not in read-only mode).  Number of
 * parts. */
int diag_screen_read(const struct diag_fn_ctx *c, struct diag_part *out, size_t max);

/* ---- power (power.c) ------------------------------------------------------ */

/* Minutes of runtime from energy now and power draw (µWh, µW), or from
 * charge now and current (µAh, µA); -1 when not computable. */
int64_t diag_power_runtime_min(int64_t now, int64_t rate);

/* One part "power" when the machine has a charger or a battery: charger
 * present and online; on battery, the discharge rate and runtime
 * estimate.  Number of parts (0 or 1). */
int diag_power_read(const struct diag_fn_ctx *c, struct diag_part *out, size_t max);

/* ---- optical drive and card reader (media.c) ------------------------------ */

/* One part per optical drive (sr*) and card reader (mmc host, empty
 * removable USB reader): medium detected and its first few MB read.
 * Number of parts. */
int diag_media_read(const struct diag_fn_ctx *c, struct diag_part *out, size_t max);

#endif
