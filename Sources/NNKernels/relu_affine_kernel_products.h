// The two products of the fused ReLU kernel, shared by its AVX2 and AVX-512 bodies: the including
// template defines KERNEL_ANY (the function attributes), PRODUCTS_NAMED(name), PRODUCTS_VEC (its
// vector), PRODUCTS_LANES, PRODUCTS_OP(name) (the intrinsics) and PRODUCTS_BROADCAST(pointer), and
// includes this file, which undefines them. Each element's sum runs over k in order, as fused
// multiply-adds, whatever the vector width.

/// acc = x·A + c on `rows` × PRODUCTS_LANES·`vectors` columns from column j. `rows` and `vectors` are
/// constants at every call, so the loops unroll and the accumulators live in registers.
KERNEL_ANY void PRODUCTS_NAMED(forward_products)(
    const int rows, const int vectors, const SCALAR *x, long n, long j, const SCALAR *a, const SCALAR *c,
    PRODUCTS_VEC acc[TILE_ROWS][MAX_VECTORS]) {
    for (int w = 0; w < vectors; w++) {
        const PRODUCTS_VEC offset = PRODUCTS_OP(loadu)(c + j + PRODUCTS_LANES * w);
        for (int r = 0; r < rows; r++) acc[r][w] = offset;
    }
    for (long k = 0; k < n; k++) {
        PRODUCTS_VEC b[MAX_VECTORS];
        for (int w = 0; w < vectors; w++) b[w] = PRODUCTS_OP(loadu)(a + k * n + j + PRODUCTS_LANES * w);
        for (int r = 0; r < rows; r++) {
            const PRODUCTS_VEC s = PRODUCTS_BROADCAST(x + r * n + k);
            for (int w = 0; w < vectors; w++) acc[r][w] = PRODUCTS_OP(fmadd)(s, b[w], acc[r][w]);
        }
    }
}

/// gradient += masked·Aᵀ on `rows` × PRODUCTS_LANES·`vectors` columns from column j, summing over the
/// units k whose bit is set in `live` (the others have masked[·, k] = 0 in every row).
KERNEL_ANY void PRODUCTS_NAMED(backward_panel)(
    const int rows, const int vectors, const SCALAR *masked, long n, long j, const SCALAR *transposed, SCALAR *gradient,
    const uint64_t *live) {
    PRODUCTS_VEC acc[TILE_ROWS][MAX_VECTORS];
    for (int r = 0; r < rows; r++)
        for (int w = 0; w < vectors; w++) acc[r][w] = PRODUCTS_OP(loadu)(gradient + r * n + j + PRODUCTS_LANES * w);
    for (long word = 0; word < (n + 63) / 64; word++) for (uint64_t bits = live[word]; bits != 0; bits &= bits - 1) {
        const long k = 64 * word + __builtin_ctzll(bits);
        PRODUCTS_VEC b[MAX_VECTORS];
        for (int w = 0; w < vectors; w++) b[w] = PRODUCTS_OP(loadu)(transposed + k * n + j + PRODUCTS_LANES * w);
        for (int r = 0; r < rows; r++) {
            const PRODUCTS_VEC s = PRODUCTS_BROADCAST(masked + r * n + k);
            for (int w = 0; w < vectors; w++) acc[r][w] = PRODUCTS_OP(fmadd)(s, b[w], acc[r][w]);
        }
    }
    for (int r = 0; r < rows; r++)
        for (int w = 0; w < vectors; w++) PRODUCTS_OP(storeu)(gradient + r * n + j + PRODUCTS_LANES * w, acc[r][w]);
}

#undef KERNEL_ANY
#undef PRODUCTS_NAMED
#undef PRODUCTS_VEC
#undef PRODUCTS_LANES
#undef PRODUCTS_OP
#undef PRODUCTS_BROADCAST
