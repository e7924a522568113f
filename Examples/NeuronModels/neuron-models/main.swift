import Dynamics
import NeuronModelsApp

// OpenBLAS's kernels for this CPU (a library never changes them by itself; see BLASKernels).
BLASKernels.selectForThisCPU()
NeuronModelsCommand.main()
