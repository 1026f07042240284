// Benchmark driver for the numerical models (see bench/README.md). Filled in by the benchmark work.
print("basket360-bench: nothing to run yet")
