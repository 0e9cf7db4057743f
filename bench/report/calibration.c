/* What a calibration comparison recovered (calibration.h). */
#include "calibration.h"

#include <jansson.h>
#include <math.h>
#include <string.h>

int calibration_find(const struct rb_cmp *c, const char *info_json_b, struct rb_calibration *out)
{
	json_t *j = info_json_b ? json_loads(info_json_b, 0, NULL) : NULL;
	json_t *cal = json_object_get(json_object_get(j, "kernel_spec"), "calibration");
	const char *metric = json_string_value(json_object_get(cal, "metric"));
	json_t *known = json_object_get(cal, "known_shift_us");
	int found = 0;

	memset(out, 0, sizeof(*out));
	out->est = out->lo = out->hi = NAN;
	if (metric && json_is_number(known) && strlen(metric) < sizeof(out->metric)) {
		found = 1;
		strcpy(out->metric, metric);
		out->known_us = json_number_value(known);
		for (size_t i = 0; i < c->n && !out->row; i++)
			if (!strcmp(c->rows[i].metric, metric) && !c->rows[i].is_text)
				out->row = &c->rows[i];
		if (out->row) {
			const struct rb_shift *q = &out->row->fx.q[RB_CAL_QSHIFT];

			out->est = q->est;
			out->lo = q->lo;
			out->hi = q->hi;
			out->within = fabs(q->est - out->known_us) <=
				      RB_CAL_TOLERANCE * fabs(out->known_us);
		}
	}
	json_decref(j);
	return found;
}
