import FuzzDriver

runLibFuzzer { data, size in fuzzONNX(data, size) }
