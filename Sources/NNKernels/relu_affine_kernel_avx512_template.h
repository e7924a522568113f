// The AVX-512 body of the fused ReLU slow-point kernel, written once for both precisions: the including
// file defines SCALAR, ZVEC (the 512-bit vector), YVEC (the 256-bit one), ZLANES (lanes per ZVEC),
// YLANES, MASK (the k-mask type), NAMED(name), ZOP(name) (512-bit intrinsics), YOP(name) (256-bit
// ones), Z_BROADCAST(x), Z_ACTIVE(v) (the mask of lanes with v > 0 or NaN), ZCAST_LOWER(v) and
// UPPER_HALF(v) (the halves of a ZVEC), and includes this file, which undefines them at its end.
//
// Every element gets the same operations in the same order as in the AVX2 body
// (relu_affine_kernel_template.h), so the two give the same bits: products are fused multiply-adds
// over k in order; tiles are the same six rows; the residual pass visits the same 16-float (8-double)
// column panels, row by row, and adds each panel's squares to a 256-bit accumulator lower half first,
// as the AVX2 body adds its two vectors. Only the width of the products changes: a forward or backward
// panel here is two 512-bit vectors (twice the AVX2 panel), with the same twelve accumulators.

#define KERNEL_ANY KERNEL512
#define PRODUCTS_NAMED(name) NAMED(name##512)
#define PRODUCTS_VEC ZVEC
#define PRODUCTS_LANES ZLANES
#define PRODUCTS_OP(name) ZOP(name)
#define PRODUCTS_BROADCAST(pointer) Z_BROADCAST(*(pointer))
#include "relu_affine_kernel_products.h"

/// Forward product on `rows` × ZLANES·`vectors` columns from column j, then the residual pass on them
/// panel by panel (each ZVEC is one AVX2 panel); sets the bits of `live` of the columns active in some
/// row.
KERNEL512 YVEC NAMED(forward_panel512)(
    const int rows, const int vectors, const SCALAR *x, long n, long j, const SCALAR *a, const SCALAR *c,
    ZVEC scale, SCALAR *masked, SCALAR *gradient, YVEC squares, uint64_t *live) {
    ZVEC acc[TILE_ROWS][MAX_VECTORS];
    NAMED(forward_products512)(rows, vectors, x, n, j, a, c, acc);
    for (int w = 0; w < vectors; w++) {
        MASK any = 0;
        for (int r = 0; r < rows; r++) {
            const long at = r * n + j + ZLANES * w;
            // Active unless y ≤ 0, so a NaN stays active and reaches Σ G², as in the AVX2 pass.
            const MASK active = Z_ACTIVE(acc[r][w]);
            any |= active;
            const ZVEC g = ZOP(sub)(ZOP(maskz_mov)(active, acc[r][w]), ZOP(loadu)(x + at));
            const ZVEC gg = ZOP(mul)(g, g);
            squares = YOP(add)(squares, ZCAST_LOWER(gg));
            squares = YOP(add)(squares, UPPER_HALF(gg));
            const ZVEC u = ZOP(mul)(scale, g);
            ZOP(storeu)(masked + at, ZOP(maskz_mov)(active, u));
            ZOP(storeu)(gradient + at, ZOP(sub)(ZOP(setzero)(), u));
        }
        // Panels start at multiples of ZLANES, so a panel's bits never straddle two words.
        live[(j + ZLANES * w) / 64] |= (uint64_t)any << ((j + ZLANES * w) % 64);
    }
    return squares;
}

/// Both products and the pass on one tile of `rows` ≤ 6 rows: panels of 2 and 1 ZVEC, then the AVX2
/// body's one-vector panel for a last half-ZVEC of columns.
KERNEL512 YVEC NAMED(tile512)(
    const int rows, const SCALAR *x, long n, const SCALAR *a, const SCALAR *transposed, const SCALAR *c, SCALAR scale,
    SCALAR *masked, SCALAR *gradient, YVEC squares) {
    const ZVEC zscale = Z_BROADCAST(scale);
    const YVEC yscale = YOP(set1)(scale);
    uint64_t live[MAX_UNIT_WORDS] = {0};
    long j = 0;
    for (; j + 2 * ZLANES <= n; j += 2 * ZLANES) squares = NAMED(forward_panel512)(rows, 2, x, n, j, a, c, zscale, masked, gradient, squares, live);
    if (j + ZLANES <= n) { squares = NAMED(forward_panel512)(rows, 1, x, n, j, a, c, zscale, masked, gradient, squares, live); j += ZLANES; }
    if (j < n) squares = NAMED(forward_panel)(rows, 1, x, n, j, a, c, yscale, masked, gradient, squares, live);
    for (j = 0; j + 2 * ZLANES <= n; j += 2 * ZLANES) NAMED(backward_panel512)(rows, 2, masked, n, j, transposed, gradient, live);
    if (j + ZLANES <= n) { NAMED(backward_panel512)(rows, 1, masked, n, j, transposed, gradient, live); j += ZLANES; }
    if (j < n) NAMED(backward_panel)(rows, 1, masked, n, j, transposed, gradient, live);
    return squares;
}

#define DRIVER_NAME NAMED(gradient_avx512)
#define DRIVER_TARGET "avx512f,avx512dq,avx2,fma"
#define DRIVER_TILE NAMED(tile512)
#define SQUARES_VEC YVEC
#define SQUARES_LANES YLANES
#define SQUARES_OP(name) YOP(name)
#include "relu_affine_kernel_driver.h"

#undef SCALAR
#undef ZVEC
#undef YVEC
#undef ZLANES
#undef YLANES
#undef MASK
#undef NAMED
#undef ZOP
#undef YOP
#undef Z_BROADCAST
#undef ZCAST_LOWER
#undef UPPER_HALF
#undef Z_ACTIVE
