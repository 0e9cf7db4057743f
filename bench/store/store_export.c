/* One run set row by row for `reapbench export` (store_export.h). */
#include "store_export.h"

#include <stdio.h>

#include "common.h"
#include "store_internal.h"

int store_export_rows(struct rb_store *st, int64_t runset_id, rb_export_row_cb cb, void *ctx)
{
	char sql[1024];
	struct store_stmt *s;
	int rc, ret = 0;

	snprintf(sql, sizeof(sql),
		 "SELECT rs.id, rs.label, r.id, r.seq, r.scenario, r.shape, r.trigger, r.rep,"
		 " r.valid, m.name, m.value, m.text, m.absent_reason, r.invalid_reason,"
		 " r.params_json, r.contenders, r.sweep_param, r.sweep_value, r.wall_us,"
		 " r.started_at, r.sweep2_param, r.sweep2_value, %s, %s"
		 " FROM runsets rs JOIN runs r ON r.runset_id = rs.id"
		 " LEFT JOIN metrics m ON m.run_id = r.id WHERE rs.id=? ORDER BY r.seq, m.name",
		 st->schema >= 3 ? "r.boot_id" : "NULL", st->schema >= 5 ? "r.uuid" : "NULL");
	if (store_prepare(st, sql, &s))
		return -1;
	store_bind_int64(s, 1, runset_id);
	while ((rc = store_step(s)) == STORE_ROW) {
		/* the type before any conversion (an initializer's order is unspecified) */
		bool has_value = store_col_type(s, 10) != STORE_NULL;
		struct rb_export_row row = {
			.runset_id = store_col_int64(s, 0),
			.label = store_col_text(s, 1),
			.run_id = store_col_int64(s, 2),
			.seq = (int)store_col_int64(s, 3),
			.scenario = store_col_text(s, 4),
			.shape = store_col_text(s, 5),
			.trigger = store_col_text(s, 6),
			.rep = (int)store_col_int64(s, 7),
			.valid = (int)store_col_int64(s, 8),
			.metric = store_col_text(s, 9),
			.has_value = has_value,
			.value = store_col_double(s, 10),
			.value_text = store_col_text(s, 10),
			.text = store_col_text(s, 11),
			.absent = store_col_text(s, 12),
			.invalid_reason = store_col_text(s, 13),
			.params_json = store_col_text(s, 14),
			.contenders = store_col_text(s, 15),
			.sweep_param = store_col_text(s, 16),
			.sweep_value = store_col_double(s, 17),
			.wall_us = store_col_double(s, 18),
			.started_at = store_col_text(s, 19),
			.sweep2_param = store_col_text(s, 20),
			.sweep2_value = store_col_double(s, 21),
			.boot_id = store_col_text(s, 22),
			.uuid = store_col_text(s, 23),
		};

		ret = cb(&row, ctx);
		if (ret)
			break;
	}
	if (!ret && rc != STORE_DONE)
		ret = -1;
	store_finalize(s);
	return ret;
}
