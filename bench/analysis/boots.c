#include "boots.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void boots_free(struct rb_boots *b)
{
	free(b->boot_id);
	free(b->start);
	free(b->x);
	memset(b, 0, sizeof(*b));
}

/* Index of id in ids[0..n), or n. Boots are few (<= a few hundred). */
static size_t find_boot(const int64_t *ids, size_t n, int64_t id)
{
	size_t i;

	for (i = 0; i < n && ids[i] != id; i++)
		;
	return i;
}

int boots_group(const double *x, const int64_t *boot, size_t n, unsigned warmup,
		struct rb_boots *out)
{
	size_t *seen = NULL, *fill = NULL, nb = 0, i, k;
	int64_t *ids = NULL;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	ids = malloc((n ? n : 1) * sizeof(*ids));
	seen = calloc(n + 1, sizeof(*seen));	/* present runs met so far per boot */
	fill = calloc(n + 1, sizeof(*fill));
	out->x = malloc((n ? n : 1) * sizeof(*out->x));
	if (!ids || !seen || !fill || !out->x)
		goto out;
	/* First pass: boots in order of appearance and how many runs each keeps. */
	for (i = 0; i < n; i++) {
		if (isnan(x[i])) {
			out->n_absent++;
			continue;
		}
		k = find_boot(ids, nb, boot[i]);
		if (k == nb)
			ids[nb++] = boot[i];
		if (seen[k]++ < warmup)
			out->n_warmup++;
	}
	out->boot_id = malloc((nb ? nb : 1) * sizeof(*out->boot_id));
	out->start = calloc(nb + 1, sizeof(*out->start));
	if (!out->boot_id || !out->start)
		goto out;
	/* Boots whose runs were all warm-up are dropped. */
	for (i = 0, k = 0; i < nb; i++) {
		if (seen[i] <= warmup)
			continue;
		out->boot_id[k] = ids[i];
		out->start[k + 1] = out->start[k] + (seen[i] - warmup);
		k++;
	}
	out->n_boots = k;
	out->n = out->start[k];
	/* Second pass: copy the kept values into their boot's slot, in run order. */
	memset(seen, 0, (n + 1) * sizeof(*seen));
	for (i = 0; i < n; i++) {
		size_t slot;

		if (isnan(x[i]))
			continue;
		k = find_boot(ids, nb, boot[i]);
		if (seen[k]++ < warmup)
			continue;
		slot = find_boot(out->boot_id, out->n_boots, boot[i]);
		out->x[out->start[slot] + fill[slot]++] = x[i];
	}
	ret = 0;
out:
	free(ids);
	free(seen);
	free(fill);
	if (ret)
		boots_free(out);
	return ret;
}

int boots_all_positive(const struct rb_boots *b)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		if (!(b->x[i] > 0))
			return 0;
	return b->n > 0;
}
