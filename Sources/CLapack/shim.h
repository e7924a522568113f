// The C surface of swift-dynamics: LAPACKE (Debian's liblapacke-dev) and CBLAS (OpenBLAS).
// Only files in Sources/Dynamics/LinearAlgebra import this module.
#ifndef SWIFT_DYNAMICS_CLAPACK_SHIM_H
#define SWIFT_DYNAMICS_CLAPACK_SHIM_H
#include <lapacke.h>
#include <cblas.h>
#endif
