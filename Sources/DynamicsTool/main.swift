import Dynamics
import DynamicsCommand

// OpenBLAS's kernels for this CPU (a library never changes them by itself; see BLASKernels).
BLASKernels.selectForThisCPU()
DynamicsCommand.main()
