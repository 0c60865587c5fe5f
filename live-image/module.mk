# live-image/module.mk — the bootable live image (issue 9).
#
#   make image           build/reco-live.iso and build/reco-live.img (root; the
#                        first build downloads Debian packages into
#                        build/live/cache, later builds need no network)
#   make image-check     boot both in QEMU (TCG) in unattended mode, check the
#                        wiped disks, the session on RECO-DATA, the signature
#                        (builds the images first only when they are missing;
#                        IMAGE_CHECK_FLAGS='--case img:bios --case iso:uefi')
#   make netboot         build/netboot/ (TFTP/HTTP tree, BIOS + UEFI)
#   make netboot-check   boot build/netboot in QEMU over its built-in TFTP
#
# `make check` runs image-check and netboot-check: on a quiet 2-core machine a
# cold build (package download + squashfs) takes about 10 minutes, the two
# TCG boots about 13, the network boot about 4.
.PHONY: image image-check netboot netboot-check
CHECKS += image-check netboot-check

IMAGE_BUILD_FLAGS ?=

image: all
	live-image/build --out $(BUILD) $(IMAGE_BUILD_FLAGS)

# built when missing (`make image` rebuilds them), with the netboot tree from
# the same squashfs so that netboot-check does not build it again
$(BUILD)/reco-live.iso:
	live-image/build --out $(BUILD) --netboot $(IMAGE_BUILD_FLAGS)

image-check: all $(BUILD)/reco-live.iso
	RECO_BIN=$(abspath $(BIN)) RECO_OUT=$(abspath $(BUILD)) live-image/check $(IMAGE_CHECK_FLAGS)

netboot: all
	live-image/build --out $(BUILD) --netboot --no-iso --no-img $(IMAGE_BUILD_FLAGS)

netboot-check: all
	@[ -e $(BUILD)/netboot/boot/grub/i386-pc/core.0 ] || $(MAKE) netboot
	RECO_OUT=$(abspath $(BUILD)) live-image/netboot-check
