/*
 * kms.c — a full-screen picture on the console without X: the kernel's
 * mode setting through libdrm (Documentation/gpu/drm-kms.rst, "dumb
 * buffers": a plain framebuffer any KMS driver can scan out).
 *
 * The first /dev/dri/cardN with a connected connector is used, at the
 * connector's preferred mode (the panel's native one), on the CRTC its
 * encoder drives.  The CRTC's configuration before is saved and put back
 * when the test ends, so the console (fbcon) comes back; closing the card
 * also makes the kernel restore its console.  After each picture the
 * framebuffer is flushed (drmModeDirtyFB), which drivers with a shadow
 * buffer (virtio-gpu, USB displays) need and the others ignore.
 *
 * For the tests without a graphics card (RECO_GUIDED_FB=FILE), the picture
 * goes to FILE as a 320 × 200 PPM each time it is shown.
 */
#include "guided.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <xf86drm.h>
#include <xf86drmMode.h>

struct kms_priv {
	drmModeModeInfo mode;
	drmModeCrtc *saved;
};

/* The CRTC that can drive connector c: its encoder's current one, else
 * the first free one an encoder of it can use. */
static uint32_t find_crtc(int fd, drmModeRes *res, drmModeConnector *c)
{
	if (c->encoder_id) {
		drmModeEncoder *e = drmModeGetEncoder(fd, c->encoder_id);
		uint32_t crtc = e ? e->crtc_id : 0;
		drmModeFreeEncoder(e);
		if (crtc)
			return crtc;
	}
	for (int i = 0; i < c->count_encoders; i++) {
		drmModeEncoder *e = drmModeGetEncoder(fd, c->encoders[i]);
		if (!e)
			continue;
		for (int j = 0; j < res->count_crtcs; j++)
			if (e->possible_crtcs & (1u << j)) {
				drmModeFreeEncoder(e);
				return res->crtcs[j];
			}
		drmModeFreeEncoder(e);
	}
	return 0;
}

/* A connected connector of card fd with a mode: fills k, 0 or -ENODEV. */
static int pick(struct gd_kms *k, struct kms_priv *pv)
{
	drmModeRes *res = drmModeGetResources(k->fd);
	if (!res)
		return -ENODEV;
	int rc = -ENODEV;
	for (int i = 0; i < res->count_connectors && rc; i++) {
		drmModeConnector *c = drmModeGetConnector(k->fd, res->connectors[i]);
		if (!c)
			continue;
		if (c->connection == DRM_MODE_CONNECTED && c->count_modes > 0) {
			int m = 0;
			for (int j = 0; j < c->count_modes; j++)
				if (c->modes[j].type & DRM_MODE_TYPE_PREFERRED) {
					m = j;
					break;
				}
			uint32_t crtc = find_crtc(k->fd, res, c);
			if (crtc) {
				pv->mode = c->modes[m];
				k->crtc = crtc;
				k->connector = c->connector_id;
				snprintf(k->connector_name, sizeof(k->connector_name), "%s-%u",
					 drmModeGetConnectorTypeName(c->connector_type) ? drmModeGetConnectorTypeName(c->connector_type) : "?",
					 c->connector_type_id);
				rc = 0;
			}
		}
		drmModeFreeConnector(c);
	}
	drmModeFreeResources(res);
	return rc;
}

int gd_kms_open(struct gd_kms *k, const char *dump)
{
	memset(k, 0, sizeof(*k));
	k->fd = -1;
	if (dump && *dump) {
		snprintf(k->dump, sizeof(k->dump), "%s", dump);
		k->fb.width = 320;
		k->fb.height = 200;
		k->fb.stride = 320 * 4;
		k->fb.px = calloc(200, 320 * 4);
		snprintf(k->card, sizeof(k->card), "file");
		return k->fb.px ? 0 : -ENOMEM;
	}
	struct kms_priv *pv = calloc(1, sizeof(*pv));
	if (!pv)
		return -ENOMEM;
	k->saved_crtc = pv;
	int rc = -ENODEV;
	for (int n = 0; n < 8 && rc; n++) {
		char path[32];
		snprintf(path, sizeof(path), "/dev/dri/card%d", n);
		k->fd = open(path, O_RDWR | O_CLOEXEC);
		if (k->fd < 0) {
			if (errno == EACCES || errno == EPERM)
				rc = -errno;
			continue;
		}
		rc = pick(k, pv);
		if (rc) {
			close(k->fd);
			k->fd = -1;
		} else {
			snprintf(k->card, sizeof(k->card), "card%d", n);
		}
	}
	if (rc) {
		free(pv);
		k->saved_crtc = NULL;
		return rc;
	}
	drmSetMaster(k->fd); /* already master when nobody else is: the console has none */
	struct drm_mode_create_dumb cr = { .width = pv->mode.hdisplay, .height = pv->mode.vdisplay, .bpp = 32 };
	if (drmIoctl(k->fd, DRM_IOCTL_MODE_CREATE_DUMB, &cr) < 0) {
		rc = -errno;
		goto fail;
	}
	k->handle = cr.handle;
	k->size = cr.size;
	if (drmModeAddFB(k->fd, cr.width, cr.height, 24, 32, cr.pitch, cr.handle, &k->fb_id) != 0) {
		rc = -errno;
		goto fail;
	}
	struct drm_mode_map_dumb mp = { .handle = cr.handle };
	if (drmIoctl(k->fd, DRM_IOCTL_MODE_MAP_DUMB, &mp) < 0) {
		rc = -errno;
		goto fail;
	}
	void *px = mmap(NULL, cr.size, PROT_READ | PROT_WRITE, MAP_SHARED, k->fd, (off_t)mp.offset);
	if (px == MAP_FAILED) {
		rc = -errno;
		goto fail;
	}
	k->fb.px = px;
	k->fb.width = cr.width;
	k->fb.height = cr.height;
	k->fb.stride = cr.pitch;
	pv->saved = drmModeGetCrtc(k->fd, k->crtc);
	return 0;
fail:
	gd_kms_close(k);
	return rc ? rc : -EIO;
}

static int write_ppm(const struct gd_kms *k)
{
	char tmp[300];
	snprintf(tmp, sizeof(tmp), "%s.tmp", k->dump);
	FILE *f = fopen(tmp, "we");
	if (!f)
		return -errno;
	fprintf(f, "P6\n%u %u\n255\n", k->fb.width, k->fb.height);
	for (uint32_t y = 0; y < k->fb.height; y++)
		for (uint32_t x = 0; x < k->fb.width; x++) {
			uint32_t v = ((const uint32_t *)(const void *)(k->fb.px + (size_t)y * k->fb.stride))[x];
			unsigned char rgb[3] = { (unsigned char)(v >> 16), (unsigned char)(v >> 8), (unsigned char)v };
			fwrite(rgb, 1, 3, f);
		}
	if (fclose(f) != 0)
		return -errno;
	return rename(tmp, k->dump) == 0 ? 0 : -errno;
}

int gd_kms_show(struct gd_kms *k)
{
	if (k->dump[0])
		return write_ppm(k);
	struct kms_priv *pv = k->saved_crtc;
	if (!k->shown) {
		if (drmModeSetCrtc(k->fd, k->crtc, k->fb_id, 0, 0, &k->connector, 1, &pv->mode) != 0)
			return -errno;
		k->shown = 1;
	}
	drmModeDirtyFB(k->fd, k->fb_id, NULL, 0); /* -ENOSYS where nothing needs it */
	return 0;
}

void gd_kms_close(struct gd_kms *k)
{
	if (k->dump[0]) {
		free(k->fb.px);
		memset(k, 0, sizeof(*k));
		k->fd = -1;
		return;
	}
	struct kms_priv *pv = k->saved_crtc;
	if (k->fd >= 0 && k->shown && pv && pv->saved && pv->saved->mode_valid)
		drmModeSetCrtc(k->fd, pv->saved->crtc_id, pv->saved->buffer_id, pv->saved->x, pv->saved->y, &k->connector,
			       1, &pv->saved->mode);
	if (pv && pv->saved)
		drmModeFreeCrtc(pv->saved);
	if (k->fb.px)
		munmap(k->fb.px, k->size);
	if (k->fb_id)
		drmModeRmFB(k->fd, k->fb_id);
	if (k->handle) {
		struct drm_mode_destroy_dumb d = { .handle = k->handle };
		drmIoctl(k->fd, DRM_IOCTL_MODE_DESTROY_DUMB, &d);
	}
	if (k->fd >= 0) {
		drmDropMaster(k->fd);
		close(k->fd);
	}
	free(pv);
	memset(k, 0, sizeof(*k));
	k->fd = -1;
}
