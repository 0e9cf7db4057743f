/*
 * What evidence.txt says about the two sides and the machine, one line
 * each, from the facts stored with each run set: kernel release, spec,
 * patch subject and git blob id, the config options that differ, the
 * machine (QEMU TCG / KVM or host, CPUs, NUMA nodes, HZ, preemption), the
 * calibration's known answer, and the commands that reproduce the data
 * without any path of this machine.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <nettle/sha1.h>

#include "argv.h"
#include "common.h"
#include "evidence.h"

/* `git hash-object FILE`: the id a reader finds with `git log --find-object`. */
static void git_blob_id(const char *text, char *hex, size_t len)
{
	uint8_t d[SHA1_DIGEST_SIZE];
	struct sha1_ctx ctx;
	char head[32];
	size_t i, n = strlen(text);

	snprintf(head, sizeof(head), "blob %zu", n);
	sha1_init(&ctx);
	sha1_update(&ctx, strlen(head) + 1, (const uint8_t *)head);
	sha1_update(&ctx, n, (const uint8_t *)text);
	sha1_digest(&ctx, sizeof(d), d);
	for (i = 0; i < sizeof(d) && 2 * i + 2 < len; i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
}

/* The patch's Subject without "[PATCH ...]", into buf. */
static const char *patch_subject(const char *text, char *buf, size_t len)
{
	const char *p = strstr(text, "\nSubject: "), *e;

	if (!p && !strncmp(text, "Subject: ", 9))
		p = text - 1;
	if (!p)
		return NULL;
	p += strlen("\nSubject: ");
	if (*p == '[' && (e = strchr(p, ']')))
		p = e + 1 + (e[1] == ' ');
	e = strchr(p, '\n');
	snprintf(buf, len, "%.*s", (int)(e ? e - p : (long)strlen(p)), p);
	return buf;
}

/* "patch: <subject> (blob 1a2b3c4d5e6f)", "+N more" when there are several. */
static void patches_desc(const struct facts *fs, char *buf, size_t len)
{
	char key[96], subj[160], hex[41] = "";
	const char *text, *file;
	size_t n = 0;

	for (;; n++) {
		snprintf(key, sizeof(key), "kernel_spec.patches[%zu].file", n);
		if (!facts_get(fs, key))
			break;
	}
	if (!n) {
		snprintf(buf, len, "no patch");
		return;
	}
	file = facts_get(fs, "kernel_spec.patches[0].file");
	text = facts_get(fs, "kernel_spec.patches[0].text");
	if (text)
		git_blob_id(text, hex, sizeof(hex));
	snprintf(buf, len, "patch \"%s\" (%s%.12s)%s", text && patch_subject(text, subj,
		 sizeof(subj)) ? subj : file, *hex ? "blob " : "not stored", hex,
		 n > 1 ? " and more: appendix.txt" : "");
}

void evidence_side(FILE *f, const char *tag, const struct rb_runset_info *s,
		   const struct facts *fs)
{
	char line[1024], patch[400];
	const char *spec = facts_get(fs, "kernel_spec.name");

	if (spec)
		patches_desc(fs, patch, sizeof(patch));
	snprintf(line, sizeof(line), "%s, %s%s%s%s", s->kernel_release ? s->kernel_release : "?",
		 spec ? "spec " : "this machine's kernel (no spec)", spec ? spec : "",
		 spec ? ", " : "", spec ? patch : "");
	wrap(f, "", tag, line);
}

/* CONFIG_ lines of a .config as "NAME=value" starts, for lookup. */
static const char *config_find(const char *cfg, const char *name, size_t nlen)
{
	const char *p = cfg;

	for (; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, name, nlen) && p[nlen] == '=')
			return p + nlen + 1;
	return NULL;
}

static int config_same_value(const char *va, const char *vb)
{
	size_t la = strcspn(va, "\n"), lb = strcspn(vb, "\n");

	return la == lb && !strncmp(va, vb, la);
}

/* Names of options set differently (or on one side only); count returned. */
static size_t config_diff(const char *a, const char *b, char *names, size_t len)
{
	const char *sides[2] = { a, b }, *p;
	size_t n = 0, k;

	*names = 0;
	for (k = 0; k < 2; k++)
		for (p = sides[k]; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
			size_t nlen = strcspn(p, "=\n");
			const char *mine = p[nlen] == '=' ? p + nlen + 1 : NULL;
			const char *other = config_find(sides[!k], p, nlen);

			if (strncmp(p, "CONFIG_", 7) || !mine)
				continue;
			if (other && config_same_value(mine, other))
				continue;
			if (k && other)	/* set on both sides: counted from A */
				continue;
			if (n++ < RB_EVIDENCE_CONFIG_NAMES && strlen(names) + nlen + 3 < len)
				snprintf(names + strlen(names), len - strlen(names), "%s%.*s",
					 *names ? ", " : "", (int)nlen, p);
		}
	return n;
}

void evidence_config(FILE *f, const struct facts *fa, const struct facts *fb)
{
	const char *ca = facts_get(fa, "kernel_spec.kernel_config");
	const char *cb = facts_get(fb, "kernel_spec.kernel_config");
	const char *ha = facts_get(fa, "config_hash"), *hb = facts_get(fb, "config_hash");
	char names[800], line[900];
	size_t n;

	if (ca && cb) {
		n = config_diff(ca, cb, names, sizeof(names));
		if (!n)
			snprintf(line, sizeof(line), "same on A and B");
		else
			snprintf(line, sizeof(line), "%zu option%s differ%s: %s%s", n, n > 1 ? "s" : "",
				 n > 1 ? "" : "s", names,
				 n > RB_EVIDENCE_CONFIG_NAMES ? ", ... (appendix.txt)" : "");
	} else if (ha && hb) {
		snprintf(line, sizeof(line), "%s (by hash; options not stored)",
			 strcmp(ha, hb) ? "differs" : "same on A and B");
	} else {
		snprintf(line, sizeof(line), "not recorded");
	}
	wrap(f, "", "Config", line);
}

/* CONFIG_HZ / preemption from the stored .config, else the uname version. */
static void hz_preempt(const struct facts *fs, char *hz, size_t hlen, char *pre, size_t plen)
{
	static const char *const models[] = { "PREEMPT_RT", "PREEMPT_DYNAMIC", "PREEMPT_VOLUNTARY",
					      "PREEMPT_NONE", "PREEMPT" };
	const char *cfg = facts_get(fs, "kernel_spec.kernel_config");
	const char *ver = facts_get(fs, "kernel_version"), *v;
	size_t i;

	v = cfg ? config_find(cfg, "CONFIG_HZ", strlen("CONFIG_HZ")) : NULL;
	snprintf(hz, hlen, "HZ %.*s", v ? (int)strcspn(v, "\n") : 9, v ? v : "not known");
	snprintf(pre, plen, "preemption not recorded");
	for (i = 0; i < ARRAY_SIZE(models); i++) {
		char opt[40];

		snprintf(opt, sizeof(opt), "CONFIG_%s", models[i]);
		if ((cfg && (v = config_find(cfg, opt, strlen(opt))) && *v == 'y') ||
		    (!cfg && ver && strstr(ver, models[i]))) {
			snprintf(pre, plen, "%s", models[i]);
			return;
		}
	}
}

void evidence_machine(FILE *f, const struct facts *fs)
{
	const char *spec = facts_get(fs, "kernel_spec.name");
	const char *accel = facts_get(fs, "kernel_spec.accel");
	const char *cpus = facts_get(fs, "kernel_spec.topology.cpus");
	const char *nodes = facts_get(fs, "kernel_spec.topology.nodes");
	const char *hv = facts_get(fs, "hypervisor");
	char where[80], nn[16], hz[40], pre[40], line[400];
	size_t n = 0;

	if (spec)
		snprintf(where, sizeof(where), "QEMU %s guest", accel ? (!strcmp(accel, "kvm") ?
			 "KVM" : "TCG") : "(TCG or KVM not recorded)");
	else
		snprintf(where, sizeof(where), "host%s", hv ? (!strcmp(hv, "yes") ?
			 " (a VM)" : " (bare metal)") : "");
	if (!cpus)
		cpus = facts_get(fs, "cpus_online");
	if (!nodes) {
		char key[48];

		for (;; n++) {
			snprintf(key, sizeof(key), "numa.nodes[%zu].node", n);
			if (!facts_get(fs, key))
				break;
		}
		snprintf(nn, sizeof(nn), "%zu", n);
		nodes = n ? nn : NULL;
	}
	if (!spec && !cpus && !nodes && !hv) {
		wrap(f, "", "Machine", "not recorded with the run set");
		return;
	}
	hz_preempt(fs, hz, sizeof(hz), pre, sizeof(pre));
	/* the CPU model is in appendix.txt: the line stays one line */
	snprintf(line, sizeof(line), "%s, %s CPUs, %s NUMA node%s, %s, %s", where,
		 cpus ? cpus : "?", nodes ? nodes : "?", nodes && !strcmp(nodes, "1") ? "" : "s",
		 hz, pre);
	wrap(f, "", "Machine", line);
}

/* Seam for the calibration's known answer: a spec's [calibration] section
 * (metric, known_shift_us) as the import records it in kernel_spec (branch
 * verdicts2's calibration_find() reads the same keys). 1 when present. */
int evidence_known_shift(const struct facts *fs, struct rb_known_shift *k)
{
	const char *v = facts_get(fs, "kernel_spec.calibration.known_shift_us");
	const char *m = facts_get(fs, "kernel_spec.calibration.metric");

	memset(k, 0, sizeof(*k));
	if (!v || !m || strlen(m) >= sizeof(k->metric))
		return 0;
	snprintf(k->metric, sizeof(k->metric), "%s", m);
	k->shift_us = strtod(v, NULL);
	return isfinite(k->shift_us) && k->shift_us != 0;
}

/* A command with every `--db PATH` dropped and absolute paths cut to their
 * last part: the reader runs it in a clean checkout with the default store. */
static char *portable(const char *cmd)
{
	char *out = malloc(strlen(cmd) + 1), *w = out, *word, *save, *copy = strdup(cmd);
	int skip = 0;

	if (!out || !copy) {
		free(out);
		free(copy);
		return NULL;
	}
	*w = 0;
	for (word = strtok_r(copy, " ", &save); word; word = strtok_r(NULL, " ", &save)) {
		const char *base = strrchr(word, '/');

		if (skip) {
			skip = 0;
			continue;
		}
		if (!strcmp(word, "--db") || !strcmp(word, "-d")) {
			skip = 1;
			continue;
		}
		if (!strncmp(word, "--db=", 5))
			continue;
		if ((*word == '/' || *word == '\'') && base && strchr(word, '/') < word + 2)
			word = (char *)base + 1;
		w += sprintf(w, "%s%s", w == out ? "" : " ", word);
	}
	free(copy);
	return out;
}

void evidence_reproduce(FILE *f, const struct rb_cmp_meta *m)
{
	/* `ab` wrote the report itself: its own command is the whole recipe */
	int ab = m->a->command && !strncmp(m->a->command, "reapbench ab ", 13);
	const char *cmds[3] = { m->a->command, m->b->command, ab ? NULL : m->reproduce };
	char *done[3] = { NULL, NULL, NULL };
	size_t i, k;

	fprintf(f, "\nReproduce (from a clean checkout, as root: make; then)\n");
	for (i = 0; i < 3; i++) {
		int dup = 0;

		if (!cmds[i] || !(done[i] = portable(cmds[i])))
			continue;
		for (k = 0; k < i; k++)
			dup |= done[k] && !strcmp(done[k], done[i]);
		if (!dup)
			wrap_sep(f, "  ", "$", " ", done[i]);
	}
	if (!m->a->command && !m->b->command)
		fprintf(f, "  the run sets were stored without their commands\n");
	for (i = 0; i < 3; i++)
		free(done[i]);
}
