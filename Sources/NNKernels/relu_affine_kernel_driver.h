// The outer loop of the fused ReLU kernel, shared by its AVX2 and AVX-512 bodies: the including
// template defines DRIVER_NAME, DRIVER_TARGET (the target attribute's string), DRIVER_TILE (its tile
// function), SQUARES_VEC, SQUARES_LANES and SQUARES_OP(name) (the 256-bit accumulator of Σ G² and its
// intrinsics), and includes this file, which undefines them.

/// Six-row tiles, then the last rows % 6 with a tile of their own height (a constant in each case), and
/// Σ G² added up lane by lane in double.
__attribute__((target(DRIVER_TARGET)))
static double DRIVER_NAME(
    const SCALAR *x, long rows, long n, const SCALAR *a, const SCALAR *transposed, const SCALAR *c,
    SCALAR scale, SCALAR *scratch, SCALAR *gradient) {
    SQUARES_VEC squares = SQUARES_OP(setzero)();
    long r = 0;
    for (; r + TILE_ROWS <= rows; r += TILE_ROWS)
        squares = DRIVER_TILE(TILE_ROWS, x + r * n, n, a, transposed, c, scale, scratch + r * n, gradient + r * n, squares);
    const SCALAR *xr = x + r * n;
    SCALAR *mr = scratch + r * n, *gr = gradient + r * n;
    switch (rows - r) {
        case 5: squares = DRIVER_TILE(5, xr, n, a, transposed, c, scale, mr, gr, squares); break;
        case 4: squares = DRIVER_TILE(4, xr, n, a, transposed, c, scale, mr, gr, squares); break;
        case 3: squares = DRIVER_TILE(3, xr, n, a, transposed, c, scale, mr, gr, squares); break;
        case 2: squares = DRIVER_TILE(2, xr, n, a, transposed, c, scale, mr, gr, squares); break;
        case 1: squares = DRIVER_TILE(1, xr, n, a, transposed, c, scale, mr, gr, squares); break;
        default: break;
    }
    SCALAR lanes[SQUARES_LANES];
    SQUARES_OP(storeu)(lanes, squares);
    double sum = 0;
    for (int lane = 0; lane < SQUARES_LANES; lane++) sum += lanes[lane];
    return sum;
}

#undef DRIVER_NAME
#undef DRIVER_TARGET
#undef DRIVER_TILE
#undef SQUARES_VEC
#undef SQUARES_LANES
#undef SQUARES_OP
