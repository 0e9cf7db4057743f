#include "info.h"

#include <errno.h>
#include <numa.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <tracefs.h>

#include "common.h"
#include "events.h"
#include "memcg.h"
#include "syscalls.h"
#include "trace.h"

static json_t *str_or_null(char *s)
{
	json_t *j = s ? json_string(rstrip(s)) : json_null();

	free(s);
	return j;
}

static json_t *cpu_model(void)
{
	char *s = read_file_str("/proc/cpuinfo"), *p, *nl;
	json_t *j = json_null();

	if (s && (p = strstr(s, "model name"))) {
		p = strchr(p, ':');
		if (p) {
			p += 2;
			nl = strchr(p, '\n');
			if (nl)
				*nl = 0;
			j = json_string(p);
		}
	}
	free(s);
	return j;
}

/* The CPU flag a hypervisor sets: timings in a guest are not bare-metal ones. */
static json_t *under_hypervisor(void)
{
	char *s = read_file_str("/proc/cpuinfo"), *p, *nl;
	json_t *j = json_null();

	if (s && (p = strstr(s, "\nflags"))) {
		nl = strchr(p + 1, '\n');
		if (nl)
			*nl = 0;
		j = json_boolean(strstr(p, " hypervisor") != NULL);
	}
	free(s);
	return j;
}

static json_t *memory_bytes(void)
{
	char *s = read_file_str("/proc/meminfo"), *p;
	json_t *j = json_null();

	if (s && (p = strstr(s, "MemTotal:")))
		j = json_integer((json_int_t)strtoull(p + 9, NULL, 10) * 1024);
	free(s);
	return j;
}

/* The mode in brackets of a sysfs "a [b] c" choice file. */
static json_t *bracket_choice(const char *path)
{
	char *s = read_file_str(path), *a, *b;
	json_t *j = json_null();

	if (s && (a = strchr(s, '[')) && (b = strchr(a, ']'))) {
		*b = 0;
		j = json_string(a + 1);
	}
	free(s);
	return j;
}

static json_t *numa_facts(void)
{
	json_t *o = json_object();
	json_t *nodes = json_array();
	int n;

	if (numa_available() < 0) {
		json_object_set_new(o, "available", json_false());
		json_object_set_new(o, "nodes", nodes);
		return o;
	}
	json_object_set_new(o, "available", json_true());
	for (n = 0; n <= numa_max_node(); n++) {
		long long free_b;
		long long size = numa_node_size64(n, &free_b);
		json_t *nd;

		if (size <= 0)
			continue;
		nd = json_object();
		json_object_set_new(nd, "node", json_integer(n));
		json_object_set_new(nd, "memory_bytes", json_integer(size));
		json_array_append_new(nodes, nd);
	}
	json_object_set_new(o, "nodes", nodes);
	return o;
}

static json_t *cgroup_facts(void)
{
	json_t *o = json_object();
	char root[256];
	bool v2;

	if (!memcg_find_root(root, sizeof(root), &v2)) {
		json_object_set_new(o, "memory_controller", json_string(v2 ? "v2" : "v1"));
		json_object_set_new(o, "memory_root", json_string(root));
	} else {
		json_object_set_new(o, "memory_controller", json_null());
	}
	return o;
}

static json_t *tracepoint_facts(void)
{
	bool have[EV_NR_KINDS];
	json_t *o = json_object();
	int k;

	trace_probe_events(have);
	for (k = 0; k < EV_NR_KINDS; k++) {
		char name[96];

		snprintf(name, sizeof(name), "%s:%s", rb_event_descs[k].system,
			 rb_event_descs[k].name);
		json_object_set_new(o, name, json_boolean(have[k]));
	}
	return o;
}

static bool has_tracer(const char *name)
{
	char **tracers = tracefs_tracers(NULL);
	bool found = false;
	int i;

	for (i = 0; tracers && tracers[i]; i++)
		if (!strcmp(tracers[i], name))
			found = true;
	tracefs_list_free(tracers);
	return found;
}

/* FNV-1a over /proc/config.gz: a fingerprint to tell two configs apart. */
static json_t *config_hash(void)
{
	FILE *f = fopen("/proc/config.gz", "re");
	uint64_t h = 1469598103934665603ULL;
	char buf[65536], hex[32];
	size_t n, i;

	if (!f)
		return json_null();
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		for (i = 0; i < n; i++)
			h = (h ^ (unsigned char)buf[i]) * 1099511628211ULL;
	fclose(f);
	snprintf(hex, sizeof(hex), "fnv1a64:%016llx", (unsigned long long)h);
	return json_string(hex);
}

json_t *info_collect(void)
{
	json_t *o = json_object();
	json_t *tr = json_object();
	struct utsname u;
	bool traced = !trace_ensure_mounted();

	uname(&u);
	json_object_set_new(o, "kernel_release", json_string(u.release));
	json_object_set_new(o, "kernel_version", json_string(u.version));
	json_object_set_new(o, "machine", json_string(u.machine));
	json_object_set_new(o, "hostname", json_string(u.nodename));
	json_object_set_new(o, "cmdline", str_or_null(read_file_str("/proc/cmdline")));
	json_object_set_new(o, "cpu_model", cpu_model());
	json_object_set_new(o, "cpus_online", json_integer(sysconf(_SC_NPROCESSORS_ONLN)));
	json_object_set_new(o, "hypervisor", under_hypervisor());
	json_object_set_new(o, "memory_bytes", memory_bytes());
	json_object_set_new(o, "page_size_bytes", json_integer(sysconf(_SC_PAGESIZE)));
	json_object_set_new(o, "numa", numa_facts());
	json_object_set_new(o, "thp_enabled",
			    bracket_choice("/sys/kernel/mm/transparent_hugepage/enabled"));
	json_object_set_new(o, "thp_defrag",
			    bracket_choice("/sys/kernel/mm/transparent_hugepage/defrag"));
	json_object_set_new(o, "cgroup", cgroup_facts());
	json_object_set_new(tr, "tracefs", json_boolean(traced));
	if (traced) {
		json_object_set_new(tr, "events", tracepoint_facts());
		json_object_set_new(tr, "mmap_lock_flavour",
				    json_string(trace_mmap_lock_flavour()));
		json_object_set_new(tr, "kprobes",
				    json_boolean(tracefs_file_exists(NULL, "kprobe_events")));
		json_object_set_new(tr, "function_graph", json_boolean(has_tracer("function_graph")));
	}
	json_object_set_new(o, "tracing", tr);
	errno = 0;
	json_object_set_new(o, "process_mrelease",
			    json_boolean(!(sys_process_mrelease(-1) < 0 && errno == ENOSYS)));
	json_object_set_new(o, "config_hash", config_hash());
	json_object_set_new(o, "reapbench_version", json_string(REAPBENCH_VERSION));
	json_object_set_new(o, "reapbench_git", json_string(REAPBENCH_GIT));
	return o;
}

static void print_kv(const char *k, const json_t *v)
{
	char *s;

	if (json_is_string(v)) {
		printf("%-22s %s\n", k, json_string_value(v));
		return;
	}
	s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	printf("%-22s %s\n", k, s ? s : "?");
	free(s);
}

void info_print_text(const json_t *info)
{
	const char *key;
	json_t *v, *tr = json_object_get(info, "tracing");

	json_object_foreach((json_t *)info, key, v) {
		if (!strcmp(key, "tracing"))
			continue;
		print_kv(key, v);
	}
	if (!tr)
		return;
	json_object_foreach(tr, key, v) {
		const char *ev;
		json_t *have;

		if (strcmp(key, "events")) {
			char k2[64];

			snprintf(k2, sizeof(k2), "tracing.%s", key);
			print_kv(k2, v);
			continue;
		}
		printf("tracepoints:\n");
		json_object_foreach(v, ev, have)
			printf("  %-44s %s\n", ev, json_is_true(have) ? "yes" : "no (absent)");
	}
}
