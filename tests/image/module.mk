# The live image's targets (image, image-check, netboot, netboot-check) live
# in live-image/module.mk; the top-level Makefile includes tests/*/module.mk.
include live-image/module.mk
