"""Runs a benchmark script with time.perf_counter replaced by time.process_time, so its step times are the
process's CPU time (1 BLAS/OpenMP thread: the computing thread's time) rather than wall time on a shared machine."""
import runpy, sys, time
time.perf_counter = time.process_time
script = sys.argv[1]
sys.argv = sys.argv[1:]
runpy.run_path(script, run_name="__main__")
