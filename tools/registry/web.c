/* placeholder until the web server lands */
#include <errno.h>
#include "web.h"
#include "lib/i18n.h"
int web_serve(struct registry *r, const struct web_config *wc, struct reco_err *e)
{
	(void)r; (void)wc;
	return reco_err_set(e, -ENOSYS, "%s", _("not yet"));
}
