// The body of the fused ReLU slow-point kernel, written once for both precisions: the including file
// defines SCALAR, VEC, LANES, NAMED(name), OP(name) and VEC_BROADCAST and includes this file, which
// undefines them at its end (see relu_affine_slow_point_gradient.c).

#define KERNEL_ANY KERNEL
#define PRODUCTS_NAMED(name) NAMED(name)
#define PRODUCTS_VEC VEC
#define PRODUCTS_LANES LANES
#define PRODUCTS_OP(name) OP(name)
#define PRODUCTS_BROADCAST(pointer) VEC_BROADCAST(pointer)
#include "relu_affine_kernel_products.h"

/// Forward product on `rows` × LANES·`vectors` columns from column j, then the residual pass on them;
/// sets the bits of `live` (one per unit) of the columns active in some row.
KERNEL VEC NAMED(forward_panel)(
    const int rows, const int vectors, const SCALAR *x, long n, long j, const SCALAR *a, const SCALAR *c,
    VEC scale, SCALAR *masked, SCALAR *gradient, VEC squares, uint64_t *live) {
    VEC acc[TILE_ROWS][MAX_VECTORS];
    NAMED(forward_products)(rows, vectors, x, n, j, a, c, acc);
    VEC any[MAX_VECTORS];
    for (int w = 0; w < vectors; w++) any[w] = OP(setzero)();
    for (int r = 0; r < rows; r++) {
        for (int w = 0; w < vectors; w++) {
            const long at = r * n + j + LANES * w;
            // Active unless y ≤ 0, so a NaN stays active and reaches Σ G², as in the portable pass.
            const VEC active = OP(cmp)(acc[r][w], OP(setzero)(), _CMP_NLE_UQ);
            any[w] = OP(or)(any[w], active);
            const VEC g = OP(sub)(OP(and)(acc[r][w], active), OP(loadu)(x + at));
            squares = OP(add)(squares, OP(mul)(g, g));
            const VEC u = OP(mul)(scale, g);
            OP(storeu)(masked + at, OP(and)(u, active));
            OP(storeu)(gradient + at, OP(sub)(OP(setzero)(), u));
        }
    }
    // Columns start at multiples of LANES, so a vector's LANES bits never straddle two words.
    for (int w = 0; w < vectors; w++)
        live[(j + LANES * w) / 64] |= (uint64_t)(unsigned)OP(movemask)(any[w]) << ((j + LANES * w) % 64);
    return squares;
}

/// Both products and the pass on one tile of `rows` ≤ 6 rows.
KERNEL VEC NAMED(tile)(
    const int rows, const SCALAR *x, long n, const SCALAR *a, const SCALAR *transposed, const SCALAR *c, SCALAR scalar,
    SCALAR *masked, SCALAR *gradient, VEC squares) {
    const VEC scale = OP(set1)(scalar);
    uint64_t live[MAX_UNIT_WORDS] = {0};
    long j = 0;
    for (; j + 2 * LANES <= n; j += 2 * LANES) squares = NAMED(forward_panel)(rows, 2, x, n, j, a, c, scale, masked, gradient, squares, live);
    if (j < n) squares = NAMED(forward_panel)(rows, 1, x, n, j, a, c, scale, masked, gradient, squares, live);
    for (j = 0; j + 2 * LANES <= n; j += 2 * LANES) NAMED(backward_panel)(rows, 2, masked, n, j, transposed, gradient, live);
    if (j < n) NAMED(backward_panel)(rows, 1, masked, n, j, transposed, gradient, live);
    return squares;
}

#define DRIVER_NAME NAMED(gradient_avx2)
#define DRIVER_TARGET "avx2,fma"
#define DRIVER_TILE NAMED(tile)
#define SQUARES_VEC VEC
#define SQUARES_LANES LANES
#define SQUARES_OP(name) OP(name)
#include "relu_affine_kernel_driver.h"

#undef SCALAR
#undef VEC
#undef LANES
#undef NAMED
#undef OP
#undef VEC_BROADCAST
