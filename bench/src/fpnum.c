/*
 * Double-precision numerics: n-body integration (sqrt, divide), spectral norm
 * (divides, dot products), a Mandelbrot grid (multiply-add, compares) and
 * double -> int binning. Built twice: x87 (-mfpmath=387) and SSE2.
 */
#include "bench.h"

#include <math.h>
#include <string.h>

#define NBODIES 5
#define SPECTRAL_N 100
#define MANDEL_W 64

typedef struct Body {
    double x[3], v[3], mass;
} Body;

static void nbody_init(Body *b)
{
    static const double init[NBODIES][7] = {
        {0, 0, 0, 0, 0, 0, 39.47841760435743},
        {4.84143144246472090, -1.16032004402742839, -0.103622044471123109,
         0.606326392995832, 2.81198684491626, -0.02521836165988763, 0.03769367487038949},
        {8.34336671824457987, 4.12479856412430479, -0.403523417114321381,
         -1.010774346178792, 1.82566237123041, 0.008415761376584154, 0.011286326131968767},
        {12.894369562139131, -15.111151401698631, -0.22330757889265573,
         1.0827910064415354, 0.8687130181696082, -0.010832637401363636, 0.0017237240570597112},
        {15.379697114850917, -25.919314609987964, 0.17925877295037118,
         0.979090732243898, 0.5946989986476762, -0.034755955504078104, 0.0020336868699246304},
    };
    for (int i = 0; i < NBODIES; i++) {
        for (int k = 0; k < 3; k++) {
            b[i].x[k] = init[i][k];
            b[i].v[k] = init[i][3 + k];
        }
        b[i].mass = init[i][6];
    }
}

static double nbody_run(Body *b, int steps, double dt)
{
    double e = 0;

    for (int s = 0; s < steps; s++) {
        for (int i = 0; i < NBODIES; i++) {
            for (int j = i + 1; j < NBODIES; j++) {
                double d[3], d2 = 0, mag;
                for (int k = 0; k < 3; k++) {
                    d[k] = b[i].x[k] - b[j].x[k];
                    d2 += d[k] * d[k];
                }
                mag = dt / (d2 * sqrt(d2));
                for (int k = 0; k < 3; k++) {
                    b[i].v[k] -= d[k] * b[j].mass * mag;
                    b[j].v[k] += d[k] * b[i].mass * mag;
                }
            }
        }
        for (int i = 0; i < NBODIES; i++) {
            for (int k = 0; k < 3; k++) {
                b[i].x[k] += dt * b[i].v[k];
            }
        }
    }
    for (int i = 0; i < NBODIES; i++) {
        e += 0.5 * b[i].mass *
             (b[i].v[0] * b[i].v[0] + b[i].v[1] * b[i].v[1] + b[i].v[2] * b[i].v[2]);
    }
    return e;
}

static double spectral_a(int i, int j)
{
    return 1.0 / ((i + j) * (i + j + 1) / 2 + i + 1);
}

static void spectral_mul(const double *v, double *out, int transpose)
{
    for (int i = 0; i < SPECTRAL_N; i++) {
        double s = 0;
        for (int j = 0; j < SPECTRAL_N; j++) {
            s += (transpose ? spectral_a(j, i) : spectral_a(i, j)) * v[j];
        }
        out[i] = s;
    }
}

static double spectral_norm(int iters)
{
    double u[SPECTRAL_N], v[SPECTRAL_N], t[SPECTRAL_N], vbv = 0, vv = 0;

    for (int i = 0; i < SPECTRAL_N; i++) {
        u[i] = 1;
    }
    for (int it = 0; it < iters; it++) {
        spectral_mul(u, t, 0);
        spectral_mul(t, v, 1);
        spectral_mul(v, t, 0);
        spectral_mul(t, u, 1);
    }
    for (int i = 0; i < SPECTRAL_N; i++) {
        vbv += u[i] * v[i];
        vv += v[i] * v[i];
    }
    return sqrt(vbv / vv);
}

static uint32_t mandel_grid(double cx0, double cy0, double scale, int max_iter)
{
    uint32_t total = 0;

    for (int py = 0; py < MANDEL_W; py++) {
        for (int px = 0; px < MANDEL_W; px++) {
            double cr = cx0 + px * scale, ci = cy0 + py * scale;
            double zr = 0, zi = 0;
            int it = 0;
            while (it < max_iter && zr * zr + zi * zi <= 4.0) {
                double t = zr * zr - zi * zi + cr;
                zi = 2 * zr * zi + ci;
                zr = t;
                it++;
            }
            total += (uint32_t)it;
        }
    }
    return total;
}

/* double -> int conversions, the truncating kind C requires. */
static uint32_t bin_values(const double *x, int count, uint32_t *hist)
{
    uint32_t acc = 0;

    for (int i = 0; i < count; i++) {
        int bucket = (int)(x[i] * 15.99);
        hist[bucket & 15]++;
        acc += (uint32_t)(long long)(x[i] * 1e6);
    }
    return acc;
}

static void axpy(double *restrict y, const double *restrict x, double a, int count)
{
    for (int i = 0; i < count; i++) {
        y[i] = y[i] * 0.5 + a * x[i];
    }
}

int main(int argc, char **argv)
{
    long n = bench_arg(argc, argv, 6);
    uint32_t sum = BENCH_FNV_INIT;
    uint32_t state = 1234567u;
    double xs[1024], ys[1024];
    uint32_t hist[16];
    Body bodies[NBODIES];

    memset(hist, 0, sizeof(hist));
    for (int i = 0; i < 1024; i++) {
        xs[i] = (bench_rand(&state) % 1000000) / 1000000.0;
        ys[i] = 0;
    }
    for (long r = 0; r < n; r++) {
        double e, s;
        uint32_t m, b;

        nbody_init(bodies);
        e = nbody_run(bodies, 20000, 0.01);
        s = spectral_norm(3);
        m = mandel_grid(-2.0 + r * 1e-3, -1.25, 2.5 / MANDEL_W, 200);
        for (int k = 0; k < 200; k++) {
            axpy(ys, xs, 0.25 + k * 1e-3, 1024);
        }
        b = bin_values(ys, 1024, hist);
        sum = bench_fnv(sum, &e, sizeof(e));
        sum = bench_fnv(sum, &s, sizeof(s));
        sum = bench_fnv_u32(sum, m);
        sum = bench_fnv_u32(sum, b);
        sum = bench_fnv(sum, bodies, sizeof(bodies));
    }
    sum = bench_fnv(sum, hist, sizeof(hist));
    sum = bench_fnv(sum, ys, sizeof(ys));
    return bench_report("fpnum", n, sum);
}
