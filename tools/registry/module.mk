# reco registry — the coordinators' registry (CLI, SQLite/PostgreSQL, web UI).
TOOLS += registry
PKGS  += sqlite3 libpq libmicrohttpd libcrypto pangocairo
