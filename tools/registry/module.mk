# reco registry — the coordinators' registry (CLI, SQLite/PostgreSQL, web UI).
TOOLS += registry
PKGS  += sqlite3 libpq libmicrohttpd libcrypto pangocairo libarchive

BENCHES += bench-registry
.PHONY: bench-registry
bench-registry:
	RECO_BUILD=$(abspath $(BUILD)) contrib/bench/registry.sh
