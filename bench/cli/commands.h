/* The subcommands: each lives in its own cmd_<name>.c and is listed in main.c. */
#ifndef REAPBENCH_COMMANDS_H
#define REAPBENCH_COMMANDS_H

struct rb_command {
	const char *name;
	const char *summary;
	int (*main)(int argc, char **argv);
};

int cmd_info(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_list_metrics(int argc, char **argv);	/* list --metrics */
int cmd_run(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_replay(int argc, char **argv);
int cmd_kernel(int argc, char **argv);
int cmd_ab(int argc, char **argv);
int cmd_bisect(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_trend(int argc, char **argv);
int cmd_margin(int argc, char **argv);
int cmd_push(int argc, char **argv);

#endif
