/*
 * numa: private anonymous memory placed with libnuma:
 *   mode=bind        memory on node=N (default 0)
 *   mode=interleave  memory interleaved over all nodes (needs 2 nodes)
 *   mode=remote      memory on node=N, the victim's threads on another node
 *                    (needs 2 nodes: teardown touches remote memory)
 * The placement of the populated pages is checked with move_pages().
 */
#include <numa.h>
#include <numaif.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "common.h"
#include "workload.h"

#define CHECK_PAGES 64

enum numa_mode { NM_BIND, NM_INTERLEAVE, NM_REMOTE };

static const struct rb_param_def numa_table[] = {
	RB_SIZE_PARAM("64M", "bytes mapped and written"),
	{ "mode", RB_PARAM_ENUM, "bind", 0, 0, "bind|interleave|remote", false,
	  "memory on node; interleaved over all nodes; on node with the CPUs elsewhere" },
	{ "node", RB_PARAM_COUNT, "0", 0, 1023, NULL, false, "the memory's node (bind, remote)" },
	{ .name = NULL },
};

static int numa_params(const struct rb_params *p, enum numa_mode *mode, long *node)
{
	const char *m;

	if (params_get_str(p, numa_table, "mode", &m))
		return -1;
	*mode = !strcmp(m, "interleave") ? NM_INTERLEAVE : !strcmp(m, "remote") ? NM_REMOTE :
		NM_BIND;
	return params_get_count(p, numa_table, "node", node);
}

static const char *numa_unsupported(const struct rb_params *p)
{
	/* one buffer per mode: a run set's preflight keeps every scenario's reason */
	static char why_mode[3][128], why[128];
	enum numa_mode mode;
	long node;

	if (numa_available() < 0)
		return "no NUMA support (numa_available() < 0)";
	if (numa_params(p, &mode, &node))
		return NULL;	/* footprint() reports the bad parameter */
	if (mode != NM_BIND && numa_num_configured_nodes() < 2) {
		snprintf(why_mode[mode], sizeof(why_mode[mode]),
			 "mode=%s needs 2 NUMA nodes, this machine has %d",
			 params_str(p, "mode", "bind"), numa_num_configured_nodes());
		return why_mode[mode];
	}
	if (node > numa_max_node() || !numa_bitmask_isbitset(numa_all_nodes_ptr, (int)node)) {
		snprintf(why, sizeof(why), "node %ld does not exist or has no memory", node);
		return why;
	}
	return NULL;
}

static int numa_footprint(const struct rb_params *p, uint64_t *bytes)
{
	enum numa_mode mode;
	long node;

	if (numa_params(p, &mode, &node))
		return -1;
	return params_get_size(p, numa_table, "size", bytes);
}

/* Another node that has CPUs, for mode=remote; -1 if none. */
static int other_cpu_node(int mem_node)
{
	struct bitmask *cpus = numa_allocate_cpumask();
	int n, found = -1;

	for (n = 0; n <= numa_max_node() && found < 0; n++)
		if (n != mem_node && !numa_node_to_cpus(n, cpus) &&
		    numa_bitmask_weight(cpus) > 0)
			found = n;
	numa_free_cpumask(cpus);
	return found;
}

/* Check a sample of pages: each on `node` (or, interleaved, on more than one node). */
static int check_placement(char *m, uint64_t size, enum numa_mode mode, int node)
{
	void *pages[CHECK_PAGES];
	int status[CHECK_PAGES], i, first = -1;
	bool spread = false;

	for (i = 0; i < CHECK_PAGES; i++)
		pages[i] = m + (size / CHECK_PAGES) * i;
	if (numa_move_pages(0, CHECK_PAGES, pages, NULL, status, 0))
		return err_msg("numa: move_pages query failed\n");
	for (i = 0; i < CHECK_PAGES; i++) {
		if (status[i] < 0)
			return err_msg("numa: page %d not present (%d)\n", i, status[i]);
		if (mode != NM_INTERLEAVE && status[i] != node)
			return err_msg("numa: page %d on node %d, wanted %d\n", i, status[i], node);
		if (first < 0)
			first = status[i];
		spread |= status[i] != first;
	}
	if (mode == NM_INTERLEAVE && !spread)
		return err_msg("numa: interleaved memory all on node %d\n", first);
	return 0;
}

static int numa_populate(const struct rb_params *p)
{
	enum numa_mode mode;
	uint64_t size;
	long node;
	char *m;

	if (numa_footprint(p, &size) || numa_params(p, &mode, &node))
		return -1;
	if (mode == NM_REMOTE) {
		int cpu_node = other_cpu_node((int)node);

		if (cpu_node < 0 || numa_run_on_node(cpu_node))
			return err_msg("numa: cannot run on a node other than %ld\n", node);
		debug_msg("numa: victim runs on node %d, memory on node %ld\n", cpu_node, node);
	}
	m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return err_msg("numa: mmap of %llu bytes failed\n", (unsigned long long)size);
	if (mode == NM_INTERLEAVE)
		numa_interleave_memory(m, size, numa_all_nodes_ptr);
	else
		numa_tonode_memory(m, size, (int)node);
	touch_pages(m, size);
	return check_placement(m, size, mode, (int)node);
}

const struct rb_shape_ops shape_numa = {
	.name = "numa",
	.help = "anonymous memory placed by libnuma: bind, interleave, or remote to the CPUs",
	.params = numa_table,
	.unsupported = numa_unsupported,
	.footprint = numa_footprint,
	.populate = numa_populate,
};
