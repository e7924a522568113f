import Dynamics
import Yang2020App

// OpenBLAS's kernels for this CPU (a library never changes them by itself; see BLASKernels).
BLASKernels.selectForThisCPU()
Yang2020Command.main()
