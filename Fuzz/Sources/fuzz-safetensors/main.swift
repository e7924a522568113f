import FuzzDriver

runLibFuzzer { data, size in fuzzSafetensors(data, size) }
