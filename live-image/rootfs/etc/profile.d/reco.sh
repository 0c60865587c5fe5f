# reco live: settings found at boot (language, data partition, operator).
if [ -r /run/reco/env ]; then
	set -a; . /run/reco/env; set +a
fi
