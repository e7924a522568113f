import Dynamics
import CANNApp

// OpenBLAS's kernels for this CPU (a library never changes them by itself; see BLASKernels).
BLASKernels.selectForThisCPU()
CANNCommand.main()
