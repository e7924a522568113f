// OpenBLAS chooses its kernels by the CPU's model number. Debian 12's OpenBLAS 0.3.21 does not know
// CPUs released after it (Intel Sapphire and Emerald Rapids, for one: this project's machines) and
// falls back to its Prescott (SSE3) kernels: a double gemm of 2000 x 256 x 768 takes 52 ms there
// against 11-15 ms with the AVX-512 kernels the CPU runs. When OpenBLAS fell back and the user has not
// chosen (OPENBLAS_CORETYPE unset), dynamics_select_blas_kernels() picks the family from the CPU's
// features through OpenBLAS's exported dynamic-dispatch entry points. Linking the library does nothing
// by itself: programs call it (the package's commands do, first thing). Any other BLAS, or an OpenBLAS
// built for one CPU, lacks those symbols and is left alone.

#include "DynamicsKernels.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <strings.h>

static const char *dynamics_selected_family = NULL;

// The best OpenBLAS x86-64 family whose instructions the CPU (and the OS, for the AVX-512 state)
// supports, or NULL when Prescott is already right.
static const char *family_for_cpu_features(void) {
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw") &&
        __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512cd")) {
        return __builtin_cpu_supports("avx512bf16") ? "Cooperlake" : "SkylakeX";
    }
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return "Haswell";
    if (__builtin_cpu_supports("avx")) return "Sandybridge";
#endif
    return NULL;
}

const char *dynamics_select_blas_kernels(void) {
    if (dynamics_selected_family != NULL) return dynamics_selected_family;
    if (getenv("OPENBLAS_CORETYPE") != NULL) return NULL;
    char *(*corename)(void) = (char *(*)(void))dlsym(RTLD_DEFAULT, "openblas_get_corename");
    void (*quit)(void) = (void (*)(void))dlsym(RTLD_DEFAULT, "gotoblas_dynamic_quit");
    void (*init)(void) = (void (*)(void))dlsym(RTLD_DEFAULT, "gotoblas_dynamic_init");
    if (corename == NULL || quit == NULL || init == NULL) return NULL;
    const char *current = corename();
    if (current == NULL || strcasecmp(current, "Prescott") != 0) return NULL;
    const char *family = family_for_cpu_features();
    if (family == NULL) return NULL;
    // gotoblas_dynamic_init reads the variable; it is removed again so that child processes choose
    // for themselves.
    if (setenv("OPENBLAS_CORETYPE", family, 1) != 0) return NULL;
    quit();
    init();
    unsetenv("OPENBLAS_CORETYPE");
    const char *now = corename();
    if (now != NULL && strcasecmp(now, family) == 0) dynamics_selected_family = family;
    return dynamics_selected_family;
}

const char *dynamics_blas_family_selected_from_features(void) { return dynamics_selected_family; }
