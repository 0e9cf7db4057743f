/*
 * Test helper, not a test: fills a store through the store's own API.
 *
 *   test_fill_store synthetic DB HOST SETS RUNS   LOAD-TEST data: SETS run sets
 *       of RUNS runs each, written as host HOST; every label says "synthetic
 *       load-test data, not a measurement" and info_json has "synthetic": true.
 *       The values are the run's number, nothing measured.
 *   test_fill_store spec DB SOURCE                 one synthetic run set (2 runs,
 *       run numbers as values) whose info_json carries a kernel spec with this
 *       source (kernel_spec.h: debian-source:PKG, prebuilt:GLOB, git:URL@COMMIT),
 *       for what exports make of it.
 *   test_fill_store sample DB DATA.JSON            a committed report sample's
 *       data.json (results/samples/.../data.json) rebuilt as two run sets (A
 *       and B): per scenario, the i-th stored value of each metric goes to run
 *       i (data.json keeps values per metric, so this pairing across metrics
 *       is a reconstruction); info_json names the file it came from.
 */
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "metrics.h"
#include "store.h"

static int add_run(struct rb_store *st, int64_t set, int seq, const char *scenario,
		   struct rb_metrics *m)
{
	struct rb_run_record r = {
		.seq = seq, .scenario = scenario, .shape = "anon", .trigger = "kill",
		.contenders = "", .params_json = "{}", .rep = seq, .started_at = "",
	};
	int64_t id;

	return store_run_add(st, set, &r, m, &id);
}

static int synthetic(const char *db, const char *host, int sets, int runs)
{
	struct rb_store st;
	int64_t set;
	char label[160];

	if (store_open(db, &st))
		return 1;
	snprintf(st.host, sizeof(st.host), "%s", host);
	snprintf(st.machine_id, sizeof(st.machine_id), "synthetic-%s", host);
	for (int s = 0; s < sets; s++) {
		snprintf(label, sizeof(label), "synthetic load-test data, not a measurement:"
			 " %s set %d", host, s + 1);
		if (store_runset_begin(&st, label, "synthetic", "test_fill_store synthetic", 1,
				       "{\"synthetic\": true, \"purpose\": \"push load test\"}",
				       &set))
			return 1;
		for (int i = 0; i < runs; i++) {
			struct rb_metrics m = { .valid = true };

			metrics_set(&m, "synthetic_run_n", i + 1);
			metrics_set_text(&m, "synthetic_host", host);
			if (add_run(&st, set, i + 1, "synthetic", &m))
				return 1;
		}
		if (store_runset_end(&st, set, "complete"))
			return 1;
	}
	store_close(&st);
	return 0;
}

static int spec(const char *db, const char *source)
{
	struct rb_store st;
	char info[1024];
	int64_t set;

	snprintf(info, sizeof(info), "{\"synthetic\": true, \"machine\": \"x86_64\","
		 " \"kernel_spec\": {\"name\": \"synthetic-spec\", \"source\": \"%s\","
		 " \"patches\": [{\"file\": \"a.patch\"}]}}", source);
	if (store_open(db, &st) ||
	    store_runset_begin(&st, "synthetic test data, not a measurement", "6.12.0-synthetic",
			       "test_fill_store spec", 1, info, &set))
		return 1;
	for (int i = 0; i < 2; i++) {
		struct rb_metrics m = { .valid = true };

		metrics_set(&m, "synthetic_run_n", i + 1);
		if (add_run(&st, set, i + 1, "synthetic", &m))
			return 1;
	}
	if (store_runset_end(&st, set, "complete"))
		return 1;
	store_close(&st);
	return 0;
}

static int sample_side(struct rb_store *st, const char *file, json_t *side, json_t *samples)
{
	const char *label = json_string_value(json_object_get(side, "label"));
	const char *kernel = json_string_value(json_object_get(side, "kernel_release"));
	const char *command = json_string_value(json_object_get(side, "command"));
	char info[1024];
	int64_t set;
	size_t i, j;
	json_t *e;
	int seq = 0;

	snprintf(info, sizeof(info), "{\"rebuilt_from\": \"%s\", \"note\": \"runs rebuilt from a"
		 " report sample: values paired by index per scenario\"}", file);
	if (store_runset_begin(st, label ? label : "sample", kernel, command, 0, info, &set))
		return -1;
	/* one scenario at a time, in the order the sample lists them */
	for (i = 0; i < json_array_size(samples); i++) {
		const char *scen = json_string_value(json_object_get(json_array_get(samples, i),
								     "scenario"));
		size_t n = 0;
		bool first = true;

		for (j = 0; j < i && first; j++)
			first = strcmp(scen, json_string_value(json_object_get(
				json_array_get(samples, j), "scenario")));
		if (!first)
			continue;
		json_array_foreach(samples, j, e)
			if (!strcmp(scen, json_string_value(json_object_get(e, "scenario")))) {
				size_t k = json_array_size(json_object_get(e, "values"));
				size_t t = json_array_size(json_object_get(e, "texts"));

				n = k > n ? k : n;
				n = t > n ? t : n;
			}
		for (size_t r = 0; r < n; r++) {
			struct rb_metrics m = { .valid = true };

			json_array_foreach(samples, j, e) {
				const char *name = json_string_value(json_object_get(e, "metric"));
				json_t *v = json_array_get(json_object_get(e, "values"), r);
				json_t *t = json_array_get(json_object_get(e, "texts"), r);

				if (strcmp(scen, json_string_value(json_object_get(e, "scenario"))))
					continue;
				if (json_is_number(v))
					metrics_set(&m, name, json_number_value(v));
				else if (json_is_string(t))
					metrics_set_text(&m, name, json_string_value(t));
			}
			if (add_run(st, set, ++seq, scen, &m))
				return -1;
		}
	}
	return store_runset_end(st, set, "complete");
}

static int sample(const char *db, const char *file)
{
	json_t *d = json_load_file(file, 0, NULL);
	struct rb_store st;
	int rc;

	if (!d)
		return err_msg("%s: cannot read JSON\n", file), 1;
	if (store_open(db, &st))
		return 1;
	rc = sample_side(&st, file, json_object_get(d, "a"),
			 json_object_get(json_object_get(d, "samples"), "a")) ||
	     sample_side(&st, file, json_object_get(d, "b"),
			 json_object_get(json_object_get(d, "samples"), "b"));
	store_close(&st);
	json_decref(d);
	return rc ? 1 : 0;
}

int main(int argc, char **argv)
{
	long sets, runs;

	if (argc == 6 && !strcmp(argv[1], "synthetic") && !parse_long(argv[4], 1, 100000, &sets) &&
	    !parse_long(argv[5], 1, 1000000, &runs))
		return synthetic(argv[2], argv[3], (int)sets, (int)runs);
	if (argc == 4 && !strcmp(argv[1], "spec"))
		return spec(argv[2], argv[3]);
	if (argc == 4 && !strcmp(argv[1], "sample"))
		return sample(argv[2], argv[3]);
	fprintf(stderr, "usage: %s synthetic DB HOST SETS RUNS | spec DB SOURCE | sample DB DATA.JSON\n", argv[0]);
	return 1;
}
