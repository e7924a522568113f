import CommandSupport
import Dynamics
import Yang2020App

// Progress reaches a log file line by line.
makeStandardOutputLineBuffered()
// OpenBLAS's kernels for this CPU (a library never changes them by itself; see BLASKernels).
BLASKernels.selectForThisCPU()
Yang2020Command.main()
