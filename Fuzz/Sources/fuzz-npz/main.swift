import FuzzDriver

runLibFuzzer { data, size in fuzzNPZ(data, size) }
