import FuzzDriver

runLibFuzzer { data, size in fuzzNumPy(data, size) }
