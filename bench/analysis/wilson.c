/* Wilson score interval (Wilson 1927; Agresti & Coull 1998 recommend it for small n). */
#include <math.h>

#include <gsl/gsl_cdf.h>

#include "wilson.h"

int wilson_interval(unsigned k, unsigned n, double level, double *lo, double *hi)
{
	double z, z2, p, denom, centre, half;

	*lo = *hi = NAN;
	if (!n || k > n || !(level > 0 && level < 1))
		return -1;
	z = gsl_cdf_ugaussian_Pinv(1 - (1 - level) / 2);
	z2 = z * z;
	p = (double)k / n;
	denom = 1 + z2 / n;
	centre = (p + z2 / (2.0 * n)) / denom;
	half = z / denom * sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
	/* at k = 0 (k = n) the bound is exactly 0 (1); rounding leaves ~1e-17 */
	*lo = k == 0 ? 0 : centre - half;
	*hi = k == n ? 1 : centre + half;
	return 0;
}
