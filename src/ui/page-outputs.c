/* moodplay - the Outputs screen: MPD's audio outputs, fetched when the
 * screen is shown and when MPD says they changed; Enter enables or
 * disables the one under the cursor. */
#include "config.h"

#include "ui/page-outputs.h"
#include "ui/ui-mpd.h"
#include "base/i18n.h"
#include "base/xalloc.h"

#include <mpd/idle.h>
#include <stdio.h>
#include <stdlib.h>

struct page_outputs {
	struct mpdc_outputs list;
	bool loaded; /* list is MPD's answer (maybe empty) */
	char error
		[MP_ERROR_MAX]; /* why the last fetch failed, "" if it did not */
};

static struct page_outputs *outputs_of(struct ui *ui)
{
	if (ui->outputs == NULL) {
		ui->outputs = xcalloc(1, sizeof(*ui->outputs));
		mpdc_outputs_init(&ui->outputs->list);
	}
	return ui->outputs;
}

static size_t outputs_rows(const struct ui *ui)
{
	return ui->outputs != NULL && ui_connected(ui) ? ui->outputs->list.n
						       : 0;
}

static void outputs_row(const struct ui *ui, size_t base,
			struct ui_page_row *out, char *buf, size_t bufsz)
{
	const struct mpdc_output *o = &ui->outputs->list.v[base];

	snprintf(buf, bufsz, "[%c] %s (%s)", o->enabled ? 'x' : ' ', o->name,
		 o->plugin);
	out->text = buf;
	out->el = o->enabled ? CONF_EL_TITLE : CONF_EL_LIST;
}

static const char *outputs_message(const struct ui *ui)
{
	if (!ui_connected(ui))
		return _("not connected to MPD");
	if (ui->outputs != NULL && ui->outputs->error[0] != '\0')
		return ui->outputs->error;
	if (ui->outputs == NULL || !ui->outputs->loaded)
		return _("loading the outputs...");
	return ui->outputs->list.n == 0 ? _("MPD has no audio outputs.") : NULL;
}

static bool outputs_status(const struct ui *ui, char *buf, size_t bufsz)
{
	size_t on = 0;

	if (!ui_connected(ui) || ui->outputs == NULL || !ui->outputs->loaded)
		return false;
	for (size_t i = 0; i < ui->outputs->list.n; i++)
		on += ui->outputs->list.v[i].enabled;
	snprintf(buf, bufsz,
		 ngettext("%zu output, %zu enabled; Enter toggles",
			  "%zu outputs, %zu enabled; Enter toggles",
			  ui->outputs->list.n),
		 ui->outputs->list.n, on);
	return true;
}

static unsigned outputs_fetch(struct ui *ui)
{
	struct page_outputs *p = outputs_of(ui);
	struct mp_error err;

	mpdc_outputs_clear(&p->list);
	p->loaded = false;
	if (!ui_connected(ui))
		return UI_REDRAW_BODY;
	p->error[0] = '\0';
	if (mpdc_outputs(ui_mpd_conn(ui), &p->list, &err) != MP_OK) {
		snprintf(p->error, sizeof(p->error), "%s", err.msg);
		return ui_mpd_failed(ui, &err);
	}
	p->loaded = true;
	ui_filter_apply(ui, UI_SCREEN_OUTPUTS);
	ui_clamp(ui, UI_SCREEN_OUTPUTS);
	return UI_REDRAW_BODY | UI_REDRAW_STATUS;
}

static unsigned outputs_select(struct ui *ui)
{
	size_t c = ui->cur[UI_SCREEN_OUTPUTS].cursor;
	const struct mpdc_output *o;
	struct mp_error err;
	bool on;

	if (!ui_connected(ui))
		return ui_not_connected(ui);
	if (c >= ui_rows(ui, UI_SCREEN_OUTPUTS))
		return 0;
	o = &ui->outputs->list.v[ui_row(ui, UI_SCREEN_OUTPUTS, c)];
	on = !o->enabled;
	if (mpdc_output_enable(ui_mpd_conn(ui), o->id, on, &err) != MP_OK)
		return ui_mpd_failed(ui, &err);
	/* o goes with the refetch: the notice is written first. */
	ui_notify(ui, false,
		  on ? _("output %s enabled") : _("output %s disabled"),
		  o->name);
	return outputs_fetch(ui) | UI_REDRAW_STATUS;
}

static unsigned outputs_changed(struct ui *ui, unsigned events)
{
	if (ui->outputs == NULL || !(events & MPD_IDLE_OUTPUT))
		return 0;
	return outputs_fetch(ui);
}

static void outputs_free(struct ui *ui)
{
	if (ui->outputs != NULL)
		mpdc_outputs_clear(&ui->outputs->list);
	free(ui->outputs);
	ui->outputs = NULL;
}

const struct ui_page page_outputs = {
	.rows = outputs_rows,
	.row = outputs_row,
	.message = outputs_message,
	.status = outputs_status,
	.show = outputs_fetch,
	.select = outputs_select,
	.changed = outputs_changed,
	.free = outputs_free,
};
