# tests/package/module.mk — the Debian packages (README, "Installing the
# Debian way"): `make package-check` builds them (make deb), runs lintian,
# installs, removes and purges them in a clean Debian 12 root, and boots a
# systemd guest in QEMU to check the hardened registry service.  Needs root.
# `make check` runs it.
.PHONY: package-check
# Module files are read before the top-level `all` rule: keep it the default.
.DEFAULT_GOAL := all
package-check: all deb
	RECO_BUILD=$(abspath $(BUILD)) prove tests/package/

CHECKS += package-check
