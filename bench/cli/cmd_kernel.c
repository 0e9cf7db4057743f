/*
 * reapbench kernel: build kernels from specs, boot them in QEMU with the
 * suite inside, bring the guest's runs back into the host store; `kernel
 * spec --sh` hands the scripts the parsed spec. Option parsing only: the
 * steps are functions in bench/kernel (kernel_run.h), which `ab` calls too.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "argv.h"
#include "common.h"
#include "kernel_run.h"
#include "kernel_set.h"
#include "kernel_spec.h"
#include "store.h"


static const char *const kernel_usage[] = {
	"usage: reapbench kernel list",
	"       reapbench kernel build [-j N] [-f] SPEC",
	"       reapbench kernel run [OPTIONS] SPEC [RUN OPTIONS...]",
	"       reapbench kernel spec [--sh] SPEC",
	"",
	"Kernel specs are kernels/NAME.ini (see kernels/README.md): a prebuilt Debian",
	"kernel package, linux-source-6.12 or a tree of your own, with patches and",
	"config fragments; built out of tree with ccache under $REAPBENCH_CACHE",
	"(default /var/cache/reapbench) and booted in QEMU with the spec's NUMA topology.",
	"",
	"  list                      the specs, their source and whether a kernel is ready",
	"  build SPEC                build (or fetch) the kernel; prints the image path",
	"    -j/--jobs N             make -j N (default: CPUs)",
	"    -f/--fresh              re-create the spec's source tree and patches",
	"  run SPEC [RUN OPTIONS]    boot SPEC, run 'reapbench run RUN OPTIONS' in the guest",
	"                            (e.g. --scenario quick, or --size 64M --trigger kill)",
	"                            and import its run sets into the host store",
	"    -d/--db FILE            host store (default " RB_DEFAULT_DB ")",
	"    -l/--label LABEL        run-set label (default: the spec name)",
	"    -o/--out DIR            keep console log, initramfs and guest results here",
	"                            (default $REAPBENCH_CACHE/runs/SPEC-TIME)",
	"    -t/--timeout S          kill QEMU after S seconds (default: the spec's timeout_s)",
	"    -a/--append ARGS        extra kernel command line",
	"    -V/--console            show the guest console while it runs",
	"    -n/--no-build           boot the kernel built before, without make",
	"    -m/--merge              add the runs to the newest run set with this label",
	"                            (several boots, one run set: for A/B with K boots)",
	"  spec SPEC                 the spec as parsed, defaults applied",
	"    --sh                    as sh assignments (spec_name=..., one a line)",
	"                            for scripts/kernel-*.sh to eval",
	"  -h/--help                 this text",
	"",
	"exit: 0 ok, 1 error, 4 skipped (no qemu, no kernel source, guest skipped)",
	NULL,
};

static int usage_error(const char *what)
{
	err_msg("kernel: %s (see 'reapbench kernel --help')\n", what);
	return RB_EXIT_ERROR;
}

/* The sets under kernels/sets/, for 'reapbench ab @NAME'; 1 when one is broken. */
static int list_sets(void)
{
	const char *dir = kernel_set_dir();
	struct dirent **de = NULL;
	int n, i, bad = 0;

	n = dir ? scandir(dir, &de, NULL, alphasort) : -1;
	if (n < 0)
		return 0;	/* no sets */
	printf("# kernel sets in %s ('reapbench ab @NAME')\n", dir);
	for (i = 0; i < n; i++) {
		size_t l = strlen(de[i]->d_name);
		struct kernel_set set;
		char path[PATH_MAX];

		if (l > 4 && !strcmp(de[i]->d_name + l - 4, ".ini")) {
			snprintf(path, sizeof(path), "%s/%s", dir, de[i]->d_name);
			if (kernel_set_load(path, &set)) {
				bad = 1;
			} else {
				printf("  @%-37s", set.name);
				for (int s = 0; s < set.nspecs; s++)
					printf(" %s", set.specs[s]);
				printf("%s%s\n", set.description ? " / " : "",
				       set.description ? set.description : "");
				kernel_set_free(&set);
			}
		}
		free(de[i]);
	}
	free(de);
	return bad;
}

/* The one SPEC after the options of 'kernel build' / 'kernel spec', loaded: 0, or 1 said. */
static int load_only_spec(int argc, char **argv, const char *cmd, struct kernel_spec *ks)
{
	if (argc - optind != 1) {
		err_msg("kernel: '%s' wants exactly one SPEC (see 'reapbench kernel --help')\n",
			cmd);
		return RB_EXIT_ERROR;
	}
	return kernel_spec_load(argv[optind], ks) ? RB_EXIT_ERROR : 0;
}

static int kernel_list(void)
{
	char dir[PATH_MAX];
	const char *datadir = kernel_datadir();
	struct dirent **de = NULL;
	int n, i, bad = 0;

	if (!datadir)
		return RB_EXIT_ERROR;
	snprintf(dir, sizeof(dir), "%s/kernels", datadir);
	n = scandir(dir, &de, NULL, alphasort);
	if (n < 0)
		return err_msg("%s: %s\n", dir, strerror(errno)), RB_EXIT_ERROR;
	printf("# kernel specs in %s (cache %s)\n", dir, kernel_cache());
	printf("# %-38s %-13s %-12s %s\n", "name", "source", "state", "patches / description");
	for (i = 0; i < n; i++) {
		size_t l = strlen(de[i]->d_name);
		struct kernel_spec ks;
		char path[PATH_MAX];

		if (l > 4 && !strcmp(de[i]->d_name + l - 4, ".ini")) {
			snprintf(path, sizeof(path), "%s/%s", dir, de[i]->d_name);
			if (kernel_spec_load(path, &ks)) {
				bad = 1;
			} else {
				printf("  %-38s %-13s %-12s ", ks.name, kernel_spec_kind(&ks),
				       kernel_spec_state(&ks));
				for (int p = 0; p < ks.npatches; p++)
					printf("%s%s", p ? " " : "", ks.patches[p]);
				printf("%s%s\n", ks.npatches ? " / " : "",
				       ks.description ? ks.description : "");
				kernel_spec_free(&ks);
			}
		}
		free(de[i]);
	}
	free(de);
	return list_sets() || bad ? RB_EXIT_ERROR : RB_EXIT_OK;
}

static int cmd_kernel_build(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "jobs", required_argument, NULL, 'j' },
		{ "fresh", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct kernel_spec ks;
	int c, fresh = 0, rc;
	long jobs = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "+j:fh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			if (parse_long(optarg, 1, 1024, &jobs))
				return usage_error("--jobs wants a number 1..1024");
			break;
		case 'f':
			fresh = 1;
			break;
		case 'h':
			print_usage(kernel_usage);
			return RB_EXIT_OK;
		default:
			return usage_error("bad option for 'kernel build'");
		}
	}
	if (load_only_spec(argc, argv, "kernel build", &ks))
		return RB_EXIT_ERROR;
	rc = kernel_build(&ks, jobs, fresh);
	kernel_spec_free(&ks);
	return rc;
}

static int cmd_kernel_run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "label", required_argument, NULL, 'l' },
		{ "out", required_argument, NULL, 'o' },
		{ "timeout", required_argument, NULL, 't' },
		{ "append", required_argument, NULL, 'a' },
		{ "console", no_argument, NULL, 'V' },
		{ "no-build", no_argument, NULL, 'n' },
		{ "merge", no_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct kernel_run_opts o = { .db = store_default_path() };
	struct kernel_spec ks;
	char *command;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "+d:l:o:t:a:Vnmh", opts, NULL)) != -1) {
		switch (c) {
		case 'd': o.db = optarg; break;
		case 'l': o.label = optarg; break;
		case 'o': o.out = optarg; break;
		case 'a': o.append = optarg; break;
		case 'V': o.console = true; break;
		case 'n': o.no_build = true; break;
		case 'm': o.merge = true; break;
		case 't':
			if (parse_long(optarg, 10, 86400, &o.timeout_s))
				return usage_error("--timeout wants seconds, 10..86400");
			break;
		case 'h':
			print_usage(kernel_usage);
			return RB_EXIT_OK;
		default:
			return usage_error("bad option for 'kernel run'");
		}
	}
	if (optind >= argc)
		return usage_error("'kernel run' wants a SPEC (see 'reapbench kernel list')");
	if (kernel_spec_load(argv[optind], &ks))
		return RB_EXIT_ERROR;
	command = rb_argv_join("reapbench kernel", argc, argv);
	o.command = command;
	rc = command ? kernel_run(&ks, &o, argc - optind - 1, argv + optind + 1)
		     : (err_msg("out of memory\n"), RB_EXIT_ERROR);
	free(command);
	kernel_spec_free(&ks);
	return rc;
}

static int cmd_kernel_spec(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "sh", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct kernel_spec ks;
	int c, sh = 0, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			sh = 1;
			break;
		case 'h':
			print_usage(kernel_usage);
			return RB_EXIT_OK;
		default:
			return usage_error("bad option for 'kernel spec'");
		}
	}
	if (load_only_spec(argc, argv, "kernel spec", &ks))
		return RB_EXIT_ERROR;
	if (sh) {
		rc = kernel_spec_print_sh(stdout, &ks);
	} else {
		/* the same assignments, aligned for people */
		char *text = NULL, *line, *save = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&text, &len);

		rc = m ? kernel_spec_print_sh(m, &ks) : -1;
		if (m)
			fclose(m);
		for (line = text ? strtok_r(text, "\n", &save) : NULL; !rc && line;
		     line = strtok_r(NULL, "\n", &save)) {
			char *eq = strchr(line, '=');

			*eq = 0;
			printf("%-22s %s\n", line + strlen("spec_"), eq + 1);
		}
		free(text);
	}
	kernel_spec_free(&ks);
	return rc ? RB_EXIT_ERROR : RB_EXIT_OK;
}

int cmd_kernel(int argc, char **argv)
{
	if (argc < 2)
		return usage_error("want a subcommand: list, build, run, spec");
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
		print_usage(kernel_usage);
		return RB_EXIT_OK;
	}
	if (!strcmp(argv[1], "list")) {
		if (argc > 2 && (!strcmp(argv[2], "-h") || !strcmp(argv[2], "--help"))) {
			print_usage(kernel_usage);
			return RB_EXIT_OK;
		}
		if (argc > 2)
			return usage_error("'kernel list' takes no arguments");
		return kernel_list();
	}
	if (!strcmp(argv[1], "build"))
		return cmd_kernel_build(argc - 1, argv + 1);
	if (!strcmp(argv[1], "run"))
		return cmd_kernel_run(argc - 1, argv + 1);
	if (!strcmp(argv[1], "spec"))
		return cmd_kernel_spec(argc - 1, argv + 1);
	return usage_error("unknown subcommand (list, build, run, spec)");
}
