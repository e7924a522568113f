// The body of the fused ReLU slow-point kernel, written once for both precisions: the including file
// defines SCALAR, VEC, LANES, NAMED(name), OP(name) and VEC_BROADCAST and includes this file, which
// undefines them at its end (see relu_affine_slow_point_gradient.c).

/// Forward product on `rows` × LANES·`vectors` columns from column j, then the residual pass on them;
/// sets the bits of `live` (one per unit) of the columns active in some row. `rows` and `vectors` are
/// constants at every call, so the loops unroll and the accumulators live in registers.
KERNEL VEC NAMED(forward_panel)(
    const int rows, const int vectors, const SCALAR *x, long n, long j, const SCALAR *a, const SCALAR *c,
    VEC scale, SCALAR *masked, SCALAR *gradient, VEC squares, uint64_t *live) {
    VEC acc[TILE_ROWS][MAX_VECTORS];
    for (int w = 0; w < vectors; w++) {
        const VEC offset = OP(loadu)(c + j + LANES * w);
        for (int r = 0; r < rows; r++) acc[r][w] = offset;
    }
    for (long k = 0; k < n; k++) {
        VEC b[MAX_VECTORS];
        for (int w = 0; w < vectors; w++) b[w] = OP(loadu)(a + k * n + j + LANES * w);
        for (int r = 0; r < rows; r++) {
            const VEC s = VEC_BROADCAST(x + r * n + k);
            for (int w = 0; w < vectors; w++) acc[r][w] = OP(fmadd)(s, b[w], acc[r][w]);
        }
    }
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

/// gradient += masked·Aᵀ on `rows` × LANES·`vectors` columns from column j, summing over the units k whose
/// bit is set in `live` (the others have masked[·, k] = 0 in every row).
KERNEL void NAMED(backward_panel)(
    const int rows, const int vectors, const SCALAR *masked, long n, long j, const SCALAR *transposed, SCALAR *gradient,
    const uint64_t *live) {
    VEC acc[TILE_ROWS][MAX_VECTORS];
    for (int r = 0; r < rows; r++)
        for (int w = 0; w < vectors; w++) acc[r][w] = OP(loadu)(gradient + r * n + j + LANES * w);
    for (long word = 0; word < (n + 63) / 64; word++) for (uint64_t bits = live[word]; bits != 0; bits &= bits - 1) {
        const long k = 64 * word + __builtin_ctzll(bits);
        VEC b[MAX_VECTORS];
        for (int w = 0; w < vectors; w++) b[w] = OP(loadu)(transposed + k * n + j + LANES * w);
        for (int r = 0; r < rows; r++) {
            const VEC s = VEC_BROADCAST(masked + r * n + k);
            for (int w = 0; w < vectors; w++) acc[r][w] = OP(fmadd)(s, b[w], acc[r][w]);
        }
    }
    for (int r = 0; r < rows; r++)
        for (int w = 0; w < vectors; w++) OP(storeu)(gradient + r * n + j + LANES * w, acc[r][w]);
}

/// Both products and the pass on one tile of `rows` ≤ 6 rows.
KERNEL VEC NAMED(tile)(
    const int rows, const SCALAR *x, long n, const SCALAR *a, const SCALAR *transposed, const SCALAR *c, VEC scale,
    SCALAR *masked, SCALAR *gradient, VEC squares) {
    uint64_t live[MAX_UNIT_WORDS] = {0};
    long j = 0;
    for (; j + 2 * LANES <= n; j += 2 * LANES) squares = NAMED(forward_panel)(rows, 2, x, n, j, a, c, scale, masked, gradient, squares, live);
    if (j < n) squares = NAMED(forward_panel)(rows, 1, x, n, j, a, c, scale, masked, gradient, squares, live);
    for (j = 0; j + 2 * LANES <= n; j += 2 * LANES) NAMED(backward_panel)(rows, 2, masked, n, j, transposed, gradient, live);
    if (j < n) NAMED(backward_panel)(rows, 1, masked, n, j, transposed, gradient, live);
    return squares;
}

__attribute__((target("avx2,fma")))
static double NAMED(gradient_avx2)(
    const SCALAR *x, long rows, long n, const SCALAR *a, const SCALAR *transposed, const SCALAR *c,
    SCALAR scale, SCALAR *scratch, SCALAR *gradient) {
    const VEC s = OP(set1)(scale);
    VEC squares = OP(setzero)();
    long r = 0;
    for (; r + TILE_ROWS <= rows; r += TILE_ROWS)
        squares = NAMED(tile)(TILE_ROWS, x + r * n, n, a, transposed, c, s, scratch + r * n, gradient + r * n, squares);
    // The last rows % 6, with a tile of their own height (a constant in each case).
    const SCALAR *xr = x + r * n;
    SCALAR *mr = scratch + r * n, *gr = gradient + r * n;
    switch (rows - r) {
        case 5: squares = NAMED(tile)(5, xr, n, a, transposed, c, s, mr, gr, squares); break;
        case 4: squares = NAMED(tile)(4, xr, n, a, transposed, c, s, mr, gr, squares); break;
        case 3: squares = NAMED(tile)(3, xr, n, a, transposed, c, s, mr, gr, squares); break;
        case 2: squares = NAMED(tile)(2, xr, n, a, transposed, c, s, mr, gr, squares); break;
        case 1: squares = NAMED(tile)(1, xr, n, a, transposed, c, s, mr, gr, squares); break;
        default: break;
    }
    SCALAR lanes[LANES];
    OP(storeu)(lanes, squares);
    double sum = 0;
    for (int lane = 0; lane < LANES; lane++) sum += lanes[lane];
    return sum;
}

#undef SCALAR
#undef VEC
#undef LANES
#undef NAMED
#undef OP
#undef VEC_BROADCAST
