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

/// Forward product on `rows` × ZLANES·`vectors` columns from column j, then the residual pass on them
/// panel by panel (each ZVEC is one AVX2 panel); sets the bits of `live` of the columns active in some
/// row.
KERNEL512 YVEC NAMED(forward_panel512)(
    const int rows, const int vectors, const SCALAR *x, long n, long j, const SCALAR *a, const SCALAR *c,
    ZVEC scale, SCALAR *masked, SCALAR *gradient, YVEC squares, uint64_t *live) {
    ZVEC acc[TILE_ROWS][MAX_VECTORS];
    for (int w = 0; w < vectors; w++) {
        const ZVEC offset = ZOP(loadu)(c + j + ZLANES * w);
        for (int r = 0; r < rows; r++) acc[r][w] = offset;
    }
    for (long k = 0; k < n; k++) {
        ZVEC b[MAX_VECTORS];
        for (int w = 0; w < vectors; w++) b[w] = ZOP(loadu)(a + k * n + j + ZLANES * w);
        for (int r = 0; r < rows; r++) {
            const ZVEC s = Z_BROADCAST(x[r * n + k]);
            for (int w = 0; w < vectors; w++) acc[r][w] = ZOP(fmadd)(s, b[w], acc[r][w]);
        }
    }
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

/// gradient += masked·Aᵀ on `rows` × ZLANES·`vectors` columns from column j, over the units whose bit
/// is set in `live`.
KERNEL512 void NAMED(backward_panel512)(
    const int rows, const int vectors, const SCALAR *masked, long n, long j, const SCALAR *transposed, SCALAR *gradient,
    const uint64_t *live) {
    ZVEC acc[TILE_ROWS][MAX_VECTORS];
    for (int r = 0; r < rows; r++)
        for (int w = 0; w < vectors; w++) acc[r][w] = ZOP(loadu)(gradient + r * n + j + ZLANES * w);
    for (long word = 0; word < (n + 63) / 64; word++) for (uint64_t bits = live[word]; bits != 0; bits &= bits - 1) {
        const long k = 64 * word + __builtin_ctzll(bits);
        ZVEC b[MAX_VECTORS];
        for (int w = 0; w < vectors; w++) b[w] = ZOP(loadu)(transposed + k * n + j + ZLANES * w);
        for (int r = 0; r < rows; r++) {
            const ZVEC s = Z_BROADCAST(masked[r * n + k]);
            for (int w = 0; w < vectors; w++) acc[r][w] = ZOP(fmadd)(s, b[w], acc[r][w]);
        }
    }
    for (int r = 0; r < rows; r++)
        for (int w = 0; w < vectors; w++) ZOP(storeu)(gradient + r * n + j + ZLANES * w, acc[r][w]);
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

__attribute__((target("avx512f,avx512dq,avx2,fma")))
static double NAMED(gradient_avx512)(
    const SCALAR *x, long rows, long n, const SCALAR *a, const SCALAR *transposed, const SCALAR *c,
    SCALAR scale, SCALAR *scratch, SCALAR *gradient) {
    YVEC squares = YOP(setzero)();
    long r = 0;
    for (; r + TILE_ROWS <= rows; r += TILE_ROWS)
        squares = NAMED(tile512)(TILE_ROWS, x + r * n, n, a, transposed, c, scale, scratch + r * n, gradient + r * n, squares);
    const SCALAR *xr = x + r * n;
    SCALAR *mr = scratch + r * n, *gr = gradient + r * n;
    switch (rows - r) {
        case 5: squares = NAMED(tile512)(5, xr, n, a, transposed, c, scale, mr, gr, squares); break;
        case 4: squares = NAMED(tile512)(4, xr, n, a, transposed, c, scale, mr, gr, squares); break;
        case 3: squares = NAMED(tile512)(3, xr, n, a, transposed, c, scale, mr, gr, squares); break;
        case 2: squares = NAMED(tile512)(2, xr, n, a, transposed, c, scale, mr, gr, squares); break;
        case 1: squares = NAMED(tile512)(1, xr, n, a, transposed, c, scale, mr, gr, squares); break;
        default: break;
    }
    SCALAR lanes[YLANES];
    YOP(storeu)(lanes, squares);
    double sum = 0;
    for (int lane = 0; lane < YLANES; lane++) sum += lanes[lane];
    return sum;
}

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
